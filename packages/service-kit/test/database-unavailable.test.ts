import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, problem } from '../src/index.js';

// Which failures say the database failed, not the data (group commit does not split a batch over
// them; the HTTP skeleton answers them 503).
const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable (R-NF-1, R-NF-6)', () => {
  it('R-NF-6: a cancelled statement, a shutdown, exhausted resources and a lost connection are the database’s', () => {
    for (const e of [
      withCode('57014'),
      withCode('57P01'),
      withCode('57P03'),
      withCode('53300'),
      withCode('08006'),
      withCode('08001'),
      withCode('ECONNREFUSED'),
      withCode('ECONNRESET'),
      new Error('Connection terminated unexpectedly'),
      new Error('Connection terminated'),
      new Error('Client has encountered a connection error and is not queryable'),
    ])
      expect([e.message, (e as { code?: string }).code, isDatabaseUnavailable(e)]).toEqual([
        e.message,
        (e as { code?: string }).code,
        true,
      ]);
  });

  it('R-NF-1: what an item may have caused is not: constraints, conflicts, a protocol violation (too many parameters), a refusal, anything else', () => {
    for (const e of [
      withCode('23505'),
      withCode('23514'),
      withCode('40001'),
      withCode('40P01'),
      withCode('08P01'),
      withCode('22P02'),
      withCode('EACCES'),
      problem('forbidden'),
      new Error('a plain failure'),
      new Error('the Connection terminated earlier is not at the start'),
      null,
      undefined,
      'a string',
    ])
      expect([String(e), isDatabaseUnavailable(e)]).toEqual([String(e), false]);
  });
});
