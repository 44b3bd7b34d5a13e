#!/usr/bin/env node
// Re-publishes a service's outbox from a point in time: the recovery after NATS lost its store
// (a wiped or rebuilt JetStream), when events the consumers had not yet read are gone from the bus
// but are still in PostgreSQL, the system of record. The running service's relay does the publishing.
import { parseArgs } from 'node:util';
import { markOutboxForRepublish } from './outbox-republish.repository.js';

const usage = `usage: node packages/service-kit/dist/bin/outbox-republish.js --database-url "$DATABASE_URL" --since 2026-11-28T00:00:00Z
  --database-url  the service's owner connection (as its DATABASE_URL)
  --since         an ISO 8601 instant with its offset: every event created from then on is published again
Consumers ignore events they already have (their inboxes), so a generous --since is harmless.
If NATS lost its streams, restart the service first so that it creates them again.`;

try {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      since: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  if (!values['database-url'] || !values.since) throw new Error('--database-url and --since are required');
  if (!/[zZ]|[+-]\d{2}:?\d{2}$/.test(values.since) || Number.isNaN(Date.parse(values.since)))
    throw new Error(`--since must be an ISO 8601 instant with its offset, e.g. 2026-11-28T08:00:00+08:00`);
  const n = await markOutboxForRepublish(values['database-url'], new Date(values.since));
  process.stdout.write(
    `${n} events created since ${values.since} will be published again by the service's relay\n`,
  );
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n${usage}\n`);
  process.exit(2);
}
