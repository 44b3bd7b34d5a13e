import {
  FORM_NAMES_ZH,
  FORMS,
  INTERFERER_KIND_NAMES_ZH,
  INTERFERER_KINDS,
  STAGE_NAMES_ZH,
  STAGES,
  UNIT_TYPE_NAMES_ZH,
  UNIT_TYPES,
} from '@jir/rules';

/** A choice of a select: the code sent, the Chinese name shown. */
export type Option = { value: string; label: string };

const options = <K extends string>(keys: readonly K[], names: Record<K, string>): Option[] =>
  keys.map((k) => ({ value: k, label: names[k] }));

// A record's classifications (R-RC-1, R-RC-5) as the information form offers them and the record
// list filters by them: one list each, so the two cannot name a choice differently.
export const STAGE_OPTIONS = options(STAGES, STAGE_NAMES_ZH);
export const FORM_OPTIONS = options(FORMS, FORM_NAMES_ZH);
export const INTERFERER_KIND_OPTIONS = options(INTERFERER_KINDS, INTERFERER_KIND_NAMES_ZH);
export const UNIT_TYPE_OPTIONS = options(UNIT_TYPES, UNIT_TYPE_NAMES_ZH);
