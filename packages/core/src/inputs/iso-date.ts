import { InvalidInputError } from '../errors.js';

/**
 * ISO 8601 in, UTC with `Z` out. Accepts a calendar date, or a date and time with optional seconds,
 * fraction and offset (`Z`, `±hh:mm`, `±hhmm`, `±hh`). A time without an offset is taken as UTC: CI runners
 * run in UTC and ProGet documents the field as a UTC date, so that reading is the least surprising.
 */
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

export function toUtcIso(input: string, field = 'date'): string {
  const text = input.trim();
  const m = ISO_8601.exec(text);
  if (!m) {
    throw new InvalidInputError(
      `${field} "${text}" is not an ISO 8601 date; use e.g. 2026-11-25T14:30:00Z or 2026-11-25T15:30:00+01:00`,
    );
  }
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  // Milliseconds are all a Date holds: truncate the fraction (rounding .9996 up would need a carry).
  const ms = frac.padEnd(3, '0').slice(0, 3);
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : normaliseOffset(zone);
  const candidate = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${offset}`);
  // Date.parse rolls 2026-02-31 over to March; a date that does not round-trip is a typo, not a date.
  const calendarOk =
    Number(mo) >= 1 && Number(mo) <= 12 && Number(d) >= 1 && Number(d) <= daysIn(Number(y), Number(mo));
  if (
    Number.isNaN(candidate.getTime()) ||
    !calendarOk ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    throw new InvalidInputError(`${field} "${text}" is not a valid date or time`);
  }
  return candidate.toISOString();
}

function normaliseOffset(zone: string): string {
  const digits = zone.slice(1).replace(':', '');
  return `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
