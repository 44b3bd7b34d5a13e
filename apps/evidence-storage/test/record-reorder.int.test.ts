import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildEvent,
  recordAmended,
  recordDrafted,
  recordEntered,
  subjectFor,
  type EventDefinition,
  type EventEnvelope,
} from '@jir/contracts';
import { eventsApplied, recordEventFacts } from '@jir/testing';
import { evidenceHarness, type EvidenceHarness } from './harness.js';

let h: EvidenceHarness;
beforeAll(async () => {
  h = await evidenceHarness();
});
afterAll(() => h.close());

const facts = (recordId: string, form: 'wechat' | 'letter' | 'telephone', revision?: number) =>
  recordEventFacts({ recordId, form, ...(revision !== undefined ? { revision } : {}) });

/** Publishes an event as intake's relay would, on the harness's namespace. */
async function publish(def: EventDefinition, e: EventEnvelope) {
  await h.bus.js.publish(subjectFor(def.subject, h.bus.namespace), JSON.stringify(e), { msgID: e.id });
}

const meta = (recordId: string) => ({
  court: 'JL-CC-NG',
  aggregateId: recordId,
  actor: { sub: 'judge-a', kind: 'user' as const },
});
type Form = Parameters<typeof facts>[1];
/** Intake's events of one record, each carrying the record's facts at that form and revision. */
const draftedEvent = (recordId: string, form: Form, revision?: number) =>
  buildEvent(recordDrafted, { ...meta(recordId), data: facts(recordId, form, revision) });
const enteredEvent = (recordId: string, form: Form, revision: number) =>
  buildEvent(recordEntered, {
    ...meta(recordId),
    data: { ...facts(recordId, form, revision), enteredAt: '2026-03-03T11:00:00+08:00' },
  });
const amendedEvent = (recordId: string, form: Form, revision: number) =>
  buildEvent(recordAmended, {
    ...meta(recordId),
    data: { ...facts(recordId, form, revision), revision, changedFields: ['form'] },
  });

/** Waits until these events went through the inbox (each test counts only its own, so any order holds). */
const applied = (...events: EventEnvelope[]) => eventsApplied(h.db, { eventIds: events.map((e) => e.id) });

const known = (recordId: string) =>
  h.db
    .selectFrom('known_records')
    .select(['form', 'revision'])
    .where('record_id', '=', recordId)
    .executeTakeFirst();

describe('events of one record arriving out of order', () => {
  it('R-PV-3: an amendment (revision 2) delivered before the record’s drafted and entered events (revision 1) is kept', async () => {
    const recordId = crypto.randomUUID();
    const drafted = draftedEvent(recordId, 'telephone', 1);
    const entered = enteredEvent(recordId, 'telephone', 1);
    const amended = amendedEvent(recordId, 'letter', 2);
    await publish(recordAmended, amended);
    await applied(amended);
    expect(await known(recordId)).toEqual({ form: 'letter', revision: 2 });
    await publish(recordEntered, entered);
    await publish(recordDrafted, drafted);
    await applied(amended, entered, drafted);
    // The older facts arrived last and changed nothing.
    expect(await known(recordId)).toEqual({ form: 'letter', revision: 2 });
  });

  it('R-PV-3: an event without a revision (written before revisions existed) never overwrites one that has one', async () => {
    const recordId = crypto.randomUUID();
    const amended = amendedEvent(recordId, 'letter', 3);
    const drafted = draftedEvent(recordId, 'wechat');
    await publish(recordAmended, amended);
    await publish(recordDrafted, drafted);
    await applied(amended, drafted);
    expect(await known(recordId)).toEqual({ form: 'letter', revision: 3 });
  });

  it('R-PV-3: in order, each newer revision replaces the facts (entering keeps the revision and applies)', async () => {
    const recordId = crypto.randomUUID();
    const drafted = draftedEvent(recordId, 'wechat', 1);
    await publish(recordDrafted, drafted);
    await applied(drafted);
    const amended = amendedEvent(recordId, 'telephone', 2);
    await publish(recordAmended, amended);
    await applied(amended);
    expect(await known(recordId)).toEqual({ form: 'telephone', revision: 2 });
    const entered = enteredEvent(recordId, 'telephone', 2);
    await publish(recordEntered, entered);
    await applied(entered);
    expect(await known(recordId)).toEqual({ form: 'telephone', revision: 2 });
  });
});
