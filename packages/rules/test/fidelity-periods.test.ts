import { describe, expect, it } from 'vitest';
import { deadline, reminderAt } from '../src/index.js';

describe('the reminder of the issue’s own example (R-DL-5)', () => {
  it('R-DL-5: received Tue 30 Sep 2025 at 10:00 (due 9 Oct after National Day), the reminder is not 09:00 that morning', () => {
    const due = deadline('entry', '2025-09-30T10:00:00+08:00');
    // 1–8 Oct 2025 are the holiday: the two days run past it to Thu 9 Oct.
    expect(due.dueDate).toBe('2025-10-09');
    // The working day before is 30 Sep itself, whose 09:00 is an hour before the receipt.
    expect(reminderAt(due).toISOString()).toBe(new Date('2025-09-30T10:00:00+08:00').toISOString());
    expect(reminderAt(due).getTime()).toBeLessThan(due.dueAt.getTime());
  });
});
