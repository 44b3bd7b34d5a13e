/** Measures the accountability ledger can suggest (Art 11, R-AB-1). */
export const SANCTION_MEASURES = {
  warning: { zh: '警告', en: 'warning' },
  'circulated-criticism': { zh: '通报批评', en: 'circulated criticism' },
  'disciplinary-sanction': { zh: '纪律处分', en: 'disciplinary sanction' },
} as const;
export type SanctionMeasure = keyof typeof SANCTION_MEASURES;

export interface SanctionSuggestion {
  measures: SanctionMeasure[];
  /** Article of the court staff sanctions regulation (《人民法院工作人员处分条例》), or null. */
  article: 54 | 76 | null;
}

/**
 * Art 11: a first failure to record (or to record truthfully) earns warning
 * and circulated criticism; from the second, a sanction under Art 54; a
 * superior who instructed it, a sanction under Art 76. A suggestion only: the
 * ledger records what was decided.
 */
export function suggestSanction(input: {
  priorViolations: number;
  instructedBySupervisor?: boolean;
}): SanctionSuggestion {
  if (!Number.isInteger(input.priorViolations) || input.priorViolations < 0) {
    throw new RangeError('priorViolations must be a whole number ≥ 0');
  }
  if (input.instructedBySupervisor) return { measures: ['disciplinary-sanction'], article: 76 };
  if (input.priorViolations >= 1) return { measures: ['disciplinary-sanction'], article: 54 };
  return { measures: ['warning', 'circulated-criticism'], article: null };
}
