import { can, listingScope, type Actor } from '@jir/rules';
import { OFFICE_NAVIGATION } from '../office/office-navigation.js';

/** One entry of the side navigation; shown only when the actor's rights allow it. */
export interface NavEntry {
  key: string;
  path: string;
  label: string;
  visible(actor: Actor): boolean;
}

const own = (a: Actor) => ({ court: a.court, handler: a.sub, division: a.division });

/**
 * The navigation, in order. Every entry asks can()/listingScope() of @jir/rules, the rights the
 * services enforce, so a role is never offered what it may not do. Part 2 (the court office,
 * supervision, reports) appends its entries here.
 */
export const NAVIGATION: NavEntry[] = [
  { key: 'todo', path: '/', label: '待办', visible: () => true },
  {
    key: 'records',
    path: '/records',
    label: '过问记录',
    visible: (a) => listingScope(a, 'viewing', 'record') !== null,
  },
  {
    key: 'new-record',
    path: '/records/new',
    label: '填写信息表',
    visible: (a) => can(a, 'entry', { kind: 'record', ...own(a) }),
  },
  ...OFFICE_NAVIGATION,
  { key: 'help', path: '/help', label: '帮助', visible: () => true },
];
