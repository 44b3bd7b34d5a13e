import type { Kysely } from 'kysely';
import { GroupCommit, type Clock, type OutboxRelay } from '@jir/service-kit';
import type { IntakeDB } from '../db/schema.js';
import { IdentitiesService } from '../identities/identities.service.js';
import { identityKeyLookup } from '../identities/identity-key-lookup.js';
import { insertNewRecords, type NewRecordRows } from './records.repository.js';

/**
 * Writes new records by group commit (R-NF-1): creates that arrive while
 * earlier ones commit share the next transaction and its one statement, so a
 * busy court pays one commit for many records, and the reads of the persons
 * they name share queries likewise. Each caller still gets its
 * answer only once its own record committed, and a record that cannot be
 * written fails alone (a database that fails, the whole batch: GroupCommit).
 */
export class NewRecordWriter {
  private readonly group: GroupCommit<IntakeDB, NewRecordRows>;
  private readonly lookupIdentity: (key: string) => Promise<string | undefined>;

  constructor(
    private readonly deps: { db: Kysely<IntakeDB>; clock: Clock; relay?: OutboxRelay | undefined },
  ) {
    const { relay } = deps;
    this.group = new GroupCommit<IntakeDB, NewRecordRows>({
      db: deps.db,
      // The batch's events go to the bus at once, without a relay pass claiming them (#14).
      ...(relay ? { committed: (items) => relay.handOff(items.map((i) => i.outbox)) } : {}),
      write: insertNewRecords,
      // Record, version, event and audit entry go in one statement of data-modifying CTEs.
      oneStatement: true,
    });
    this.lookupIdentity = identityKeyLookup(deps.db);
  }

  /**
   * The identity of a person a new record names, created on first sight. The
   * read of a known person shares its query with concurrent creates, as the
   * write shares its transaction.
   */
  identityOf(p: { name: string; unit: string; position: string }): Promise<string> {
    return IdentitiesService.resolve(this.deps.db, p, this.deps.clock.now(), this.lookupIdentity);
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
