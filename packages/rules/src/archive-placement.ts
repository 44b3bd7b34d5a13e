import { WRITTEN_FORMS, type Form } from './record-scope.js';

/** The case file's volumes: the main volume (正卷) and the confidential secondary volume (副卷). */
export type ArchiveVolume = 'main' | 'secondary';

/** Where one file goes when archived (Art 5, Art 6, R-EV-4). */
export type ArchivePlacement =
  | { kind: 'volume'; volume: ArchiveVolume; destination: string }
  | { kind: 'destination'; destination: string }
  | {
      kind: 'refused';
      code: 'destination-required' | 'volume-fixed';
      field: 'destination';
      zh: string;
      en: string;
    };

/** The destination written for a file the regulation puts in a volume. */
export const VOLUME_DESTINATIONS: Record<ArchiveVolume, string> = { main: '案件正卷', secondary: '案件副卷' };

/**
 * Where a file is archived (R-EV-4). Whether it is written material is decided per file: a
 * scanned letter attached to a WeChat record is written material, a screenshot attached to a
 * letter is not; when the archiver does not say, the record's form decides. Written material goes
 * to the secondary volume (Art 5) and an exempt opinion's files to the main volume (Art 6); their
 * volume is the regulation's, so a destination the caller names for them is refused rather than
 * recorded beside a volume it contradicts. Anything else needs its destination (去向).
 */
export function archivePlacement(f: {
  subject: 'record' | 'exempt-opinion';
  /** The record's form; absent for an exempt opinion. */
  form?: Form | undefined;
  /** The archiver's decision for this file; absent: the record's form decides. */
  writtenMaterial?: boolean | undefined;
  destination?: string | undefined;
}): ArchivePlacement {
  const volume: ArchiveVolume | null =
    f.subject === 'exempt-opinion'
      ? 'main'
      : (f.writtenMaterial ?? (f.form !== undefined && WRITTEN_FORMS.includes(f.form)))
        ? 'secondary'
        : null;
  if (volume) {
    if (f.destination !== undefined && f.destination !== VOLUME_DESTINATIONS[volume])
      return {
        kind: 'refused',
        code: 'volume-fixed',
        field: 'destination',
        zh:
          volume === 'main'
            ? '委托或许可的参考意见的材料归入案件正卷，不能另定去向'
            : '书面材料归入案件副卷，不能另定去向',
        en:
          volume === 'main'
            ? 'an exempt opinion’s files go to the case’s main volume; no other destination can be set'
            : 'written material goes to the case’s secondary volume; no other destination can be set',
      };
    return { kind: 'volume', volume, destination: VOLUME_DESTINATIONS[volume] };
  }
  if (f.destination === undefined)
    return {
      kind: 'refused',
      code: 'destination-required',
      field: 'destination',
      zh: '非书面材料归档时应注明去向',
      en: 'non-written materials need their archive destination',
    };
  return { kind: 'destination', destination: f.destination };
}
