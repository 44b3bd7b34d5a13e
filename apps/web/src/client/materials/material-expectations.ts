import type { Material, MaterialListItem } from '../api/types.js';

/** What the material's current stage expects of the signed-in user, in words. */
export const EXPECTATION_ZH: Record<NonNullable<MaterialListItem['expectedOfMe']>, string> = {
  register: '待我登记备案',
  'pass-on': '待我递转下一级',
  receive: '上一级待递转给我',
};

/**
 * The new information form naming materials delivered to the handler (Art 7): the case number
 * and the material's id travel in the address, so the link also works from 待办 or a bookmark.
 */
export function recordFormPath(m: Pick<Material, 'id' | 'caseNumber'>): string {
  return `/records/new?caseNumber=${encodeURIComponent(m.caseNumber)}&materials=${m.id}`;
}
