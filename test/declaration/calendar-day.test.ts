import { describe, expect, it } from 'vitest';
import { calendarDayOf, isPlainDay } from '../../src/declaration/calendar-day.js';

describe('calendar days', () => {
  it('takes a plain day as it is, and the day of a date-time', () => {
    expect(calendarDayOf('2025-03-31')).toBe('2025-03-31');
    expect(calendarDayOf('2025-03-31T23:59:59Z')).toBe('2025-03-31');
    expect(calendarDayOf('2025-03-31 08:00')).toBe('2025-03-31');
  });

  it('knows leap years: 29 February only in them, and 1900 was not one', () => {
    expect(calendarDayOf('2024-02-29')).toBe('2024-02-29');
    expect(calendarDayOf('2000-02-29')).toBe('2000-02-29');
    expect(calendarDayOf('2025-02-29')).toBeUndefined();
    expect(calendarDayOf('1900-02-29T00:00')).toBeUndefined();
  });

  it('names no day for what is not one', () => {
    for (const s of ['2025-04-31', '2025-13-01', '2025-00-10', '2025-01-00', '25-01-01', '2025/01/01', '2025-1-1', ''])
      expect(calendarDayOf(s), s).toBeUndefined();
    expect(isPlainDay('2025-01-01T00:00')).toBe(false);
  });
});
