import type { Dayjs } from 'dayjs';
import type { RecordInput } from '../api/types.js';
import { COURT_ZONE, dayjs } from '../time.js';

/** The information form's values as the antd form holds them (dates as dayjs, staff as ids). */
export interface RecordFormValues {
  caseNumber?: string;
  stage?: RecordInput['stage'];
  form?: RecordInput['form'];
  receivedAt?: Dayjs;
  communicatedAt?: Dayjs;
  interferer?: {
    name?: string;
    unit?: string;
    position?: string;
    unitType?: RecordInput['interferer']['unitType'];
    kind?: RecordInput['interferer']['kind'];
    retired?: boolean;
    onBehalfOf?: { name?: string; unit?: string; position?: string };
  };
  content?: string;
  severe?: boolean;
  involvesPrincipalLeader?: boolean;
  internalPersonnel?: boolean;
  place?: string;
  staffPresent?: string[];
  othersPresent?: string[];
  /** Ticked: nobody else was present, said explicitly rather than by leaving the lists empty (R-RC-3). */
  noOtherPersonPresent?: boolean;
  /** The materials this record is made from, when the form was opened from them (Art 7). */
  materialId?: string;
}

/** A picked wall-clock time read in Beijing time, whatever the browser's own zone is. */
const courtInstant = (d: Dayjs | undefined) =>
  d ? dayjs.tz(d.format('YYYY-MM-DDTHH:mm:ss'), COURT_ZONE).format() : (undefined as unknown as string);

/**
 * The request body for POST /v1/records. Empty fields are sent as missing so the service names
 * them (its messages, in Chinese, are shown beside the fields); nothing is validated twice here.
 */
export function toRecordInput(v: RecordFormValues, specialItems: string[], enter: boolean): RecordInput {
  const ob = v.interferer?.onBehalfOf;
  const hasOb = ob && (ob.name || ob.unit || ob.position);
  const persons = [
    ...(v.staffPresent ?? []).map((staffId) => ({ staffId })),
    ...(v.othersPresent ?? []).map((name) => ({ name })),
  ];
  return {
    caseNumber: v.caseNumber ?? '',
    stage: v.stage as RecordInput['stage'],
    form: v.form as RecordInput['form'],
    receivedAt: courtInstant(v.receivedAt),
    communicatedAt: courtInstant(v.communicatedAt),
    interferer: {
      name: v.interferer?.name ?? '',
      unit: v.interferer?.unit ?? '',
      position: v.interferer?.position ?? '',
      unitType: v.interferer?.unitType as RecordInput['interferer']['unitType'],
      kind: v.interferer?.kind as RecordInput['interferer']['kind'],
      retired: v.interferer?.retired ?? false,
      ...(hasOb
        ? { onBehalfOf: { name: ob.name ?? '', unit: ob.unit ?? '', position: ob.position ?? '' } }
        : {}),
    },
    content: v.content ?? '',
    specialItems: specialItems as RecordInput['specialItems'],
    severe: v.severe ?? false,
    involvesPrincipalLeader: v.involvesPrincipalLeader ?? false,
    ...(v.place ? { place: v.place } : {}),
    ...(persons.length ? { personsPresent: persons } : {}),
    ...(v.noOtherPersonPresent ? { noOtherPersonPresent: true } : {}),
    ...(v.materialId ? { materialId: v.materialId } : {}),
    ...(v.internalPersonnel ? { internalPersonnel: true } : {}),
    enter,
  };
}

/** antd's name path for a service's field path (`interferer.kind`, `personsPresent.0.staffId`). */
export function fieldName(path: string): (string | number)[] {
  const parts = path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  // Persons present are edited as two lists; their errors belong to the staff list.
  if (parts[0] === 'personsPresent') return ['staffPresent'];
  return parts;
}
