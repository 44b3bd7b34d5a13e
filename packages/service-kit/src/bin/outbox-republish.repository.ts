import pg from 'pg';

/**
 * Marks a service's outbox rows created at or after `since` as unpublished,
 * so that the service's running relay publishes them again. Harmless for
 * events consumers already have: each consumer's inbox records event ids and
 * a redelivery changes nothing; JetStream also drops a repeated msgID within
 * its duplicate window. Returns how many rows will be published again.
 */
export async function markOutboxForRepublish(ownerUrl: string, since: Date): Promise<number> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const r = await client.query(
      `UPDATE outbox SET published_at = NULL, attempts = 0, last_error = NULL
        WHERE created_at >= $1 AND published_at IS NOT NULL`,
      [since],
    );
    return r.rowCount ?? 0;
  } finally {
    await client.end();
  }
}
