import type { ColumnType, Generated } from 'kysely';
import type { KitTables } from '@jir/service-kit';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface EvidenceTables {
  known_records: {
    record_id: string;
    court: string;
    handler: string;
    division: string | null;
    form: string;
    /** A record of interference, or an exempt opinion (Art 6) whose files go to the main volume. */
    kind: ColumnType<
      'record' | 'exempt-opinion',
      'record' | 'exempt-opinion' | undefined,
      'record' | 'exempt-opinion'
    >;
    updated_at: Timestamp;
    /** Revision of the record facts kept here (0: unknown); an older event never overwrites them. */
    revision: ColumnType<number, number | undefined, number>;
  };
  evidence: {
    id: string;
    record_id: string;
    court: string;
    object_key: string;
    version_id: string | null;
    size: number;
    media_type: string;
    sha256: string;
    sm3: string;
    file_name: string;
    uploaded_by: string;
    uploaded_at: Timestamp;
    archive_volume: 'secondary' | 'main' | null;
    archive_destination: string | null;
    /** When the integrity job next re-reads the object; NULL until the job has scheduled it. */
    next_check_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  };
  custody_events: {
    id: Generated<number>;
    evidence_id: string;
    action: 'uploaded' | 'downloaded' | 'archived' | 'integrity-checked' | 'integrity-failed';
    actor: string;
    at: Timestamp;
    detail: ColumnType<unknown, string, string>;
  };
}
export type EvidenceDB = EvidenceTables & KitTables;
