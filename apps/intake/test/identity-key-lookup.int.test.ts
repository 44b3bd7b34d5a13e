// The identities of the persons new records name are read in shared queries
// (R-NF-1): what concurrent creates ask for while one query is out goes in the
// next one. Nothing is cached, so a merge is seen by the next read (R-BX-2), and
// concurrent creates naming one new person still end with one identity.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import { identityKey } from '../src/identities/identities.service.js';
import { identityKeyLookup } from '../src/identities/identity-key-lookup.js';
import { intakeHarness, recordBody, type IntakeHarness } from './harness.js';

let h: IntakeHarness;
beforeAll(async () => {
  h = await intakeHarness();
});
afterAll(() => h.close());

/** The harness's database with every statement sent through it counted. */
function countingDb() {
  const sent: string[] = [];
  const counter: KyselyPlugin = {
    transformQuery: (args) => {
      sent.push(args.node.kind);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { db: h.db.withPlugin(counter), sent };
}

const person = (i: number, tag: string) => ({ name: `张${tag}${i}`, unit: '某局', position: '局长' });

/** Registers identities for these persons directly, as earlier records would have; their ids by key. */
async function known(persons: { name: string; unit: string; position: string }[]) {
  const ids = new Map<string, string>();
  for (const p of persons) {
    const id = crypto.randomUUID();
    await h.db
      .insertInto('interferer_identities')
      .values({ id, ...p, merged_into: null, created_at: new Date() })
      .execute();
    await h.db
      .insertInto('identity_keys')
      .values({ key: identityKey(p), identity_id: id })
      .execute();
    ids.set(identityKey(p), id);
  }
  return ids;
}

describe('identity reads of new records (R-NF-1)', () => {
  it('R-NF-1: reads asked for while one is out share the next query, and each caller gets its own key’s identity', async () => {
    const persons = Array.from({ length: 20 }, (_, i) => person(i, 'a'));
    const ids = await known(persons);
    const { db, sent } = countingDb();
    const lookup = identityKeyLookup(db);
    // A lone read leaves at once; the 39 asked for while it is out go together after it.
    const first = lookup(identityKey(persons[0]!));
    await new Promise((r) => setImmediate(r));
    expect(sent).toHaveLength(1);
    const unknown = Array.from({ length: 20 }, (_, i) => identityKey(person(i, 'unknown')));
    const rest = [...persons.slice(1).map(identityKey), ...unknown].map((k) => lookup(k));
    const answers = await Promise.all([first, ...rest]);
    expect(sent).toHaveLength(2);
    expect(answers.slice(0, 20)).toEqual(persons.map((p) => ids.get(identityKey(p))));
    expect(answers.slice(20)).toEqual(unknown.map(() => undefined));
  });

  it('R-BX-2: nothing is cached: a key moved to another identity by a merge is read as moved', async () => {
    const [p, q] = [person(1, 'merge'), person(2, 'merge')];
    const ids = await known([p, q]);
    const lookup = identityKeyLookup(h.db);
    expect(await lookup(identityKey(p))).toBe(ids.get(identityKey(p)));
    await h.db
      .updateTable('identity_keys')
      .set({ identity_id: ids.get(identityKey(q))! })
      .where('key', '=', identityKey(p))
      .execute();
    expect(await lookup(identityKey(p))).toBe(ids.get(identityKey(q)));
  });

  it('R-NF-1, R-SC-2: thirty concurrent creates naming three persons first seen end with one identity each', async () => {
    const persons = [0, 1, 2].map((i) => ({
      ...person(i, 'new'),
      unitType: 'administrative-organ',
      kind: 'leading-cadre',
    }));
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        h.call('POST', '/v1/records', {
          body: recordBody({
            caseNumber: `(2026)吉0102民初${9100 + i}号`,
            interferer: persons[i % 3],
            enter: true,
          }),
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    const rows = await h.db
      .selectFrom('records')
      .select(['identity_id', 'case_number'])
      .where(
        'id',
        'in',
        answers.map((a) => a.body.id as string),
      )
      .execute();
    const byPerson = [0, 1, 2].map(
      (i) =>
        new Set(
          rows
            .filter((r) => Number(/民初(\d+)号/.exec(r.case_number)![1]) % 3 === (9100 + i) % 3)
            .map((r) => r.identity_id),
        ),
    );
    expect(byPerson.map((s) => s.size)).toEqual([1, 1, 1]);
    expect(new Set(byPerson.map((s) => [...s][0])).size).toBe(3);
    const keys = await h.db
      .selectFrom('identity_keys')
      .select('identity_id')
      .where('key', 'in', persons.map(identityKey))
      .execute();
    expect(keys.map((k) => k.identity_id).sort()).toEqual(byPerson.map((s) => [...s][0]).sort());
  });
});
