/**
 * Whether an error says the database, or the way to it, failed rather than the
 * statement's data: a cancelled statement (57014, statement_timeout), a server
 * shutting down (57P0x) or out of resources (class 53), a lost connection
 * (class 08, a socket error, or node-postgres's errors without a code). A
 * retry later may well succeed, and nothing can be concluded about the data.
 * 08P01 (protocol violation) is left out: PostgreSQL also answers it to a
 * statement with too many parameters, which a smaller batch would fix.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  if (e === null || typeof e !== 'object') return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && code !== '08P01' && /^(08|53|57)/.test(code)) return true;
  if (
    typeof code === 'string' &&
    /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)$/.test(code)
  )
    return true;
  const message = (e as { message?: unknown }).message;
  return (
    typeof message === 'string' &&
    /^(Connection terminated|Client has encountered a connection error|Client was closed)/.test(message)
  );
}
