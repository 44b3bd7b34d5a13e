import type { Kysely } from 'kysely';
import { GroupCommit, type Clock } from '@jir/service-kit';
import type { IntakeDB } from '../db/schema.js';
import { insertNewRecords, type NewRecordRows } from './records.repository.js';

/**
 * Writes new records by group commit (R-NF-1): creates that arrive while
 * earlier ones commit share the next transaction and its one statement, so a
 * busy court pays one commit for many records. Each caller still gets its
 * answer only once its own record committed, and a record that cannot be
 * written fails alone.
 */
export class NewRecordWriter {
  private readonly group: GroupCommit<IntakeDB, NewRecordRows>;

  constructor(private readonly deps: { db: Kysely<IntakeDB>; clock: Clock; relay?: { wake(): void } }) {
    this.group = new GroupCommit<IntakeDB, NewRecordRows>({
      db: deps.db,
      relay: deps.relay,
      write: insertNewRecords,
    });
  }

  /**
   * `make` builds the rows and the answer at one instant (rows, event and audit
   * agree on it); the answer is returned once the rows are durable, and it is
   * what a retry with the request's Idempotency-Key gets.
   */
  async create<T>(make: (w: { now: Date }) => { rows: NewRecordRows; view: T }): Promise<T> {
    const { rows, view } = make({ now: this.deps.clock.now() });
    await this.group.submit(rows, view);
    return view;
  }
}
