import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

// Courts work in Beijing time whatever the browser's zone (the periods are counted in it, R-DL-1).
dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');
dayjs.tz.setDefault('Asia/Shanghai');

/** The zone every date on screen is shown and entered in. */
export const COURT_ZONE = 'Asia/Shanghai';

/** An instant as 2026-03-03 10:00 in Beijing time; a dash for none. */
export function formatInstant(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(COURT_ZONE).format('YYYY-MM-DD HH:mm') : '—';
}

export { dayjs };
