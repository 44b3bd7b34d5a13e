import { DEFAULT_COURTS } from '@jir/rules';

/**
 * A court by its name with its code beside it, as every page shows courts (the code alone says
 * little to a clerk); the code alone for a court this deployment does not know.
 */
export function courtLabel(code: string): string {
  const court = DEFAULT_COURTS.courts.find((c) => c.code === code);
  return court ? `${court.name}（${code}）` : code;
}

/** A party committee (党委政法委) by its name; its code where this deployment does not know it. */
export function committeeLabel(code: string): string {
  const court = DEFAULT_COURTS.courts.find((c) => c.committee.code === code);
  return court ? court.committee.name : `党委政法委（${code}）`;
}
