// How a test harness lets go of a service it started, in the one order that leaves nothing
// behind: nothing reads or publishes while the test's streams go, then the service lets go of the
// rest, then the test's own database connection and the database itself.

/** What the teardown needs of a started service (startService's handle). */
interface StartedService {
  consumers: readonly { stop(): Promise<unknown> }[];
  close(): Promise<unknown>;
}

/**
 * Stops every instance's consumers and the `relays`, deletes the test's `streams` (their full
 * names; already gone is fine), closes the instances, then `database` and drops `testDatabase`.
 */
export async function closeServiceUnderTest(o: {
  instances: readonly StartedService[];
  relays?: readonly { stop(): Promise<unknown> }[];
  jsm: { streams: { delete(name: string): Promise<unknown> } };
  streams: readonly string[];
  database: { close(): Promise<unknown> };
  testDatabase: { drop(): Promise<unknown> };
}): Promise<void> {
  for (const s of o.instances) for (const c of s.consumers) await c.stop();
  for (const r of o.relays ?? []) await r.stop();
  for (const name of o.streams) await o.jsm.streams.delete(name).catch(() => undefined);
  for (const s of o.instances) await s.close();
  await o.database.close();
  await o.testDatabase.drop();
}
