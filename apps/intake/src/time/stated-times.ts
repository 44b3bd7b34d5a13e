import { problem, type Clock } from '@jir/service-kit';

/** A time the caller states, with the body path that names it. */
export interface StatedTime {
  path: string;
  at: string | Date | undefined;
}

/**
 * Times a caller states about what already happened (receipt, communication)
 * cannot lie ahead of the service's clock (R-RC-4): a receipt dated next week
 * would move every deadline. A small allowance absorbs the skew between the
 * clerk's PC or the web app and the server, so a time typed as "now" is not
 * refused for being a few seconds ahead.
 */
export class StatedTimes {
  constructor(
    private readonly clock: Clock,
    private readonly allowanceMs: number,
  ) {}

  /** Refuses, naming every field, when any of the times lies in the future. */
  refuseFuture(times: StatedTime[]): void {
    const latest = this.clock.now().getTime() + this.allowanceMs;
    const ahead = times.filter((t) => t.at !== undefined && new Date(t.at).getTime() > latest);
    if (ahead.length === 0) return;
    throw problem('validation-failed', {
      message: {
        zh: '时间不得晚于当前时间：已发生的事不能发生在将来',
        en: 'a time in the future: what already happened cannot lie ahead of now',
      },
      errors: ahead.map((t) => ({
        path: t.path,
        code: 'in-the-future',
        message: {
          zh: `${t.path} 晚于当前时间（允许误差 ${Math.round(this.allowanceMs / 1000)} 秒）`,
          en: `${t.path} is in the future (allowance ${Math.round(this.allowanceMs / 1000)} s)`,
        },
      })),
    });
  }
}
