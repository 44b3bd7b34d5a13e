import { describe, expect, it } from 'vitest';
import { parseDates } from '../../src/client/admin/arrangement-dates.js';
import { bucketOf, groupBoard } from '../../src/client/deadlines/board-buckets.js';
import { latestVersions } from '../../src/client/inbox/roll-up.js';
import { OFFICE_NAVIGATION } from '../../src/client/office/office-navigation.js';
import { DEV_USERS } from '../../src/server/dev-users.js';
import type { Obligation } from '../../src/client/api/types.js';

const duty = (o: Partial<Obligation>): Obligation => ({
  id: crypto.randomUUID(),
  kind: 'entry',
  court: 'JL-CC-NG',
  startsAt: '2026-09-28T10:00:00+08:00',
  dueDate: null,
  dueAt: null,
  remindAt: null,
  state: 'pending',
  history: [],
  ...o,
});

describe('the court office pages’ logic (issue 17)', () => {
  it('R-DL-5: the board buckets: due within two days, past due but not yet marked, breached, met late; others nowhere', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    const at = (h: number) => new Date(now + h * 3_600_000).toISOString();
    expect(bucketOf(duty({ dueAt: at(47) }), now)).toBe('due-soon');
    expect(bucketOf(duty({ dueAt: at(49) }), now)).toBeNull();
    expect(bucketOf(duty({ dueAt: at(-1) }), now)).toBe('overdue');
    expect(bucketOf(duty({ state: 'breached', dueAt: at(-30) }), now)).toBe('breached');
    expect(bucketOf(duty({ state: 'met-late' }), now)).toBe('met-late');
    expect(bucketOf(duty({ state: 'met', dueAt: at(1) }), now)).toBeNull();
    const groups = groupBoard(
      [
        duty({ state: 'breached', handler: 'a', division: 'civil-1' }),
        duty({ state: 'breached', handler: 'b', division: 'civil-1' }),
        duty({ dueAt: at(3), handler: 'a', division: 'civil-2' }),
      ],
      'division',
      now,
    );
    expect(groups.map((g) => [g.key, g.counts.breached, g.counts['due-soon']])).toEqual([
      ['civil-1', 2, 0],
      ['civil-2', 0, 1],
    ]);
  });

  it('R-DL-3: the arrangement’s dates are read one per line or separated by commas, spaces or 、 (what the load moves is the service’s preview)', () => {
    expect(parseDates('2027-01-01, 2027-01-02\n2027-01-03、2027-02-01，2027-02-02')).toEqual([
      '2027-01-01',
      '2027-01-02',
      '2027-01-03',
      '2027-02-01',
      '2027-02-02',
    ]);
    expect(parseDates('  \n ')).toEqual([]);
  });

  it('R-AC-1: part 2’s navigation follows can(): trial management gets the board, the intermediate court’s the calendar, a handler neither but declarations, the higher court’s supervisor the compliance view', () => {
    const nav = (id: string) =>
      OFFICE_NAVIGATION.filter((e) => e.visible(DEV_USERS.find((u) => u.id === id)!.claims)).map(
        (e) => e.key,
      );
    expect(nav('tm-a')).toEqual(expect.arrayContaining(['materials', 'deadlines', 'reports']));
    // One calendar for the deployment, loaded by the reporting hub's trial management only.
    expect(nav('tm-a')).not.toContain('calendar');
    expect(nav('tm-cc')).toContain('calendar');
    expect(nav('judge-a')).toEqual(expect.arrayContaining(['declarations']));
    expect(nav('judge-a')).not.toEqual(expect.arrayContaining(['deadlines']));
    expect(nav('judge-a')).not.toContain('calendar');
    expect(nav('supervisor-cc')).toEqual(expect.arrayContaining(['compliance', 'reports']));
    expect(nav('it-a')).not.toContain('materials');
  });

  it('R-RP-3: the inbox keeps the newest version per court and quarter (the roll-up itself is the reporting service’s, GET /v1/rollup)', () => {
    const item = (court: string, version: number) => ({
      id: `${court}-${version}`,
      court,
      quarter: '2026-Q3',
      version,
      provisional: false,
      generatedAt: '2026-10-05T00:00:00Z',
      digest: '0'.repeat(64),
    });
    expect(latestVersions([item('A', 1), item('A', 2), item('B', 1)]).map((i) => i.id)).toEqual([
      'A-2',
      'B-1',
    ]);
  });
});
