import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { problem, type AuthenticatedActor, type Clock, type OutboxRelay } from '@jir/service-kit';
import { can } from '@jir/rules';
import { auditedUnitOfWork, type AuditedUnitOfWork } from '../audit/audited-unit-of-work.js';
import type { IntakeDB } from '../db/schema.js';
import { formArchivesOf, insertFormArchive } from './form-archive.repository.js';
import { renderInformationForm } from './information-form.js';
import type { RecordsService } from './records.service.js';

type Archived = Awaited<ReturnType<typeof formArchivesOf>>[number];

const view = (a: Omit<Archived, 'size'>, size: number) => ({
  recordId: a.record_id,
  revision: a.revision,
  volume: a.volume,
  sha256: a.sha256,
  size,
  archivedBy: a.archived_by,
  archivedAt: new Date(a.archived_at).toISOString(),
});

/**
 * Art 5 (R-EV-4): the information form itself goes to the case's secondary volume (副卷). Once
 * the record is entered, whoever stores its materials (the handler, trial management) archives
 * the form as it stands: the PDF is kept byte for byte with its SHA-256, one per revision, so an
 * amended record's form is archived again and the earlier copy stays.
 */
export class InformationFormArchive {
  private readonly work: AuditedUnitOfWork;

  constructor(
    private readonly deps: {
      db: Kysely<IntakeDB>;
      clock: Clock;
      relay?: OutboxRelay;
      records: RecordsService;
    },
  ) {
    this.work = auditedUnitOfWork(deps);
  }

  /** Archives the form of the record's current revision. */
  async archive(actor: AuthenticatedActor, id: string, address: string) {
    const record = await this.deps.records.get(actor, id, address);
    if (
      !can(actor, 'storage', {
        court: record.court,
        handler: record.handler,
        division: record.division ?? undefined,
      })
    )
      throw problem('forbidden');
    if (record.state !== 'entered')
      throw problem({
        status: 409,
        code: 'not-entered',
        message: { zh: '记录录入后方可将信息表归档', en: 'the form is archived once the record is entered' },
      });
    const pdf = await renderInformationForm(record);
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    return this.work.run(async (w) => {
      const saved = await insertFormArchive(w.trx, {
        record_id: id,
        revision: record.revision,
        court: record.court,
        volume: 'secondary',
        pdf,
        sha256,
        archived_by: actor.sub,
        archived_at: w.now,
      });
      if (!saved)
        throw problem({
          status: 409,
          code: 'form-already-archived',
          message: {
            zh: `该记录第 ${record.revision} 版的信息表已归档`,
            en: `the form of revision ${record.revision} is archived already`,
          },
        });
      await w.audit({
        court: record.court,
        at: w.now,
        actor: actor.sub,
        action: 'record.form-archived',
        subjectId: id,
        data: { formRevision: record.revision, volume: 'secondary', sha256 },
      });
      return view(saved, pdf.length);
    });
  }

  /** The record's archived forms, read with the record's right (the read is logged like one). */
  async list(actor: AuthenticatedActor, id: string, address: string) {
    await this.deps.records.get(actor, id, address);
    return (await formArchivesOf(this.deps.db, id)).map((a) => view(a, Number(a.size)));
  }
}
