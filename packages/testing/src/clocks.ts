import type { Clock } from '@jir/service-kit';

/** A clock that moves only when told: deadlines can be tested without waiting. */
export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | string = '2026-03-02T01:00:00Z') {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(to: Date | string): void {
    this.t = new Date(to).getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
