// The fixture court's materials chain (Art 7): who receives a letter, the route trial management
// writes on the filing form, and who passes the materials on at each level, down to the fixture
// handler. One copy for the service's tests and the system test, which walk the same chain.
import { materialBody } from './record-body.js';

// A type, not an interface, so that tests typing callers as Record<string, unknown> accept it.
/** A caller of the chain: who they are, their roles and, where it matters, their division. */
export type ChainCaller = { sub: string; division?: string; roles: string[] };

/** Trial management of the fixture court: registers materials and hands them to the trial department. */
export const TRIAL_MANAGER: ChainCaller = { sub: 'tm-1', division: 'tm', roles: ['trial-management'] };

/** The fixture court's receiving clerk, who takes in what outsiders send. */
export const RECEIVING_CLERK: ChainCaller = {
  sub: 'clerk-1',
  division: 'office',
  roles: ['receiving-clerk'],
};

/** A valid body of `POST /v1/materials/:id/filing`: the route down to judge-a of civil-1. */
export function filingBody(over: Record<string, unknown> = {}) {
  return {
    trialDepartment: 'civil-1',
    departmentReceiver: 'civil-clerk',
    vicePresident: 'vp-1',
    divisionHead: 'dh-1',
    handler: 'judge-a',
    ...over,
  };
}

/** An official letter from a leading cadre's unit, as the receiving clerk takes it in. */
export function officialLetterBody(over: Record<string, unknown> = {}) {
  return materialBody({
    caseNumber: '(2026)吉0102民初1234号',
    description: '某局转来的函件一份',
    sender: { name: '王某', unit: '某市某局', position: '局长' },
    form: 'official-letter',
    ...over,
  });
}

/** Each level of filingBody's route in order: who passes the materials on, the hop, and to whom. */
export const TRANSFER_STEPS: readonly [ChainCaller, string, string][] = [
  [TRIAL_MANAGER, 'trial-department', 'civil-clerk'],
  [{ sub: 'civil-clerk', roles: [] }, 'vice-president', 'vp-1'],
  [{ sub: 'vp-1', division: 'leaders', roles: ['vice-president'] }, 'division-head', 'dh-1'],
  [{ sub: 'dh-1', roles: ['division-head'] }, 'case-handler', 'judge-a'],
];
