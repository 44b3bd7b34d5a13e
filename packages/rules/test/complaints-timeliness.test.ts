import { describe, expect, it } from 'vitest';
import { complaintRoute, deadline, mayReceiveReport, timelinessCategory } from '../src/index.js';

describe('complaints (R-AB-2) and report receipt (R-RP-3)', () => {
  it('R-AB-2: a basic court’s staff complain to Changchun Intermediate Court, which reports to its committee', () => {
    expect(complaintRoute('JL-CC-NG')).toEqual({
      receivingCourt: 'JL-CC',
      reportsTo: 'PLC:JL-CC',
      mayEscalateTo: 'SPC',
    });
    expect(complaintRoute('JL')).toEqual({
      receivingCourt: 'SPC',
      reportsTo: 'PLC:SPC',
      mayEscalateTo: null,
    });
    expect(() => complaintRoute('SPC')).toThrow(/no court above/);
  });

  it('R-RP-3: a court receives reports only from courts below it', () => {
    expect(mayReceiveReport('JL-CC', 'JL-CC-NG')).toBe(true);
    expect(mayReceiveReport('SPC', 'JL-CC-NG')).toBe(true);
    expect(mayReceiveReport('JL-CC-NG', 'JL-CC')).toBe(false);
    expect(mayReceiveReport('JL-CC-KC', 'JL-CC-NG')).toBe(false);
    expect(mayReceiveReport('JL-CC', 'XX')).toBe(false);
  });
});

describe('timeliness (R-RP-1, R-RP-5, R-DL-5)', () => {
  const due = deadline('entry', '2026-03-03T10:00:00+08:00').dueAt;
  it('R-RP-1: on time, late, missing and pending are told apart', () => {
    expect(timelinessCategory(due, new Date('2026-03-04T00:00:00Z'), new Date('2026-04-01T00:00:00Z'))).toBe(
      'on-time',
    );
    expect(timelinessCategory(due, new Date('2026-03-06T00:00:00Z'), new Date('2026-04-01T00:00:00Z'))).toBe(
      'late',
    );
    expect(timelinessCategory(due, null, new Date('2026-04-01T00:00:00Z'))).toBe('missing');
    expect(timelinessCategory(due, null, new Date('2026-03-04T00:00:00Z'))).toBe('pending');
  });
});
