const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/;

/** `YYYY-MM-DD` and a real day, read digit by digit: the usual form, without a regular expression's match. */
export function isPlainDay(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    year = year * 10 + d;
  }
  const m1 = s.charCodeAt(5) - 48,
    m2 = s.charCodeAt(6) - 48,
    d1 = s.charCodeAt(8) - 48,
    d2 = s.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return false;
  return isCalendarDay(year, m1 * 10 + m2, d1 * 10 + d2);
}

/** Arithmetic, not a Date per record: this runs for every consignment a worker receives. */
function isCalendarDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1]);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The day of a `YYYY-MM-DD` date or of an ISO date-time, or undefined when it names no real day. */
export function calendarDayOf(s: string): string | undefined {
  if (isPlainDay(s)) return s;
  const m = ISO_DATE.exec(s);
  if (!m || !isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))) return undefined;
  return `${m[1]}-${m[2]}-${m[3]}`;
}
