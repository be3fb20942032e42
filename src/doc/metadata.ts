/**
 * Validation of an article's metadata as every reader and the API take it: a publication date must be
 * a real calendar date (returned as ISO 8601), a URL must be http(s). A value that fails is dropped
 * by the caller and the reason reported; the article's text is kept.
 */

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$)/i;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True when year-month-day names a day of the Gregorian calendar (1000–9999). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  return year >= 1000 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Reads a publication date: ISO 8601 (`2026-03-01`, `2026-03-01T08:00:00Z`, with an offset or none)
 * or an RFC 822/1123 date as RSS writes it (`Sun, 01 Mar 2026 08:00:00 GMT`). A date-only value stays
 * date-only; anything with a time becomes a UTC ISO timestamp. `2026-02-30` and `2026-13-45` fail.
 */
export function parsePublishedDate(value: string): Checked<string> {
  const v = value.trim();
  if (!v) return { ok: false, reason: 'empty date' };
  const m = ISO_DATE.exec(v);
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!isCalendarDate(year, month, day)) return { ok: false, reason: `"${clip(v)}" is not a calendar date` };
    if (m[4] === undefined) return { ok: true, value: `${m[1]}-${m[2]}-${m[3]}` };
    const [h, min, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
    if (h > 23 || min > 59 || s > 60) return { ok: false, reason: `"${clip(v)}" has an impossible time of day` };
    // A time without a zone is read as UTC, so the stored instant does not depend on the machine's time zone.
    const zoned = m[7] === undefined ? `${v}Z` : v;
    const t = Date.parse(zoned.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    if (Number.isNaN(t)) return { ok: false, reason: `"${clip(v)}" is not a date` };
    return { ok: true, value: new Date(t).toISOString() };
  }
  // RFC 822 / 1123 and similar written-out dates: must name a day, a month and a 4-digit year.
  const written = writtenDate(v);
  if (written === 'impossible') return { ok: false, reason: `"${clip(v)}" is not a calendar date` };
  if (written) return written;
  return { ok: false, reason: `"${clip(v)}" is not a date (use ISO 8601, e.g. 2026-03-01)` };
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/** `1 Mar 2026`, `Sun, 01 March 2026`, `March 1, 2026`, `Mar. 1st 2026`: day, month name, year. */
const WRITTEN_DAY = /\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?|([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?)\s+(\d{4})\b/i;
/** A zone at the end of a written-out date: GMT, UT(C), Z, an offset, or a US zone abbreviation as RFC 822 allows. */
const WRITTEN_ZONE = /(?:\b(?:GMT|UTC?|Z|[ECMP][SD]T)|[+-]\d{2}:?\d{2})\s*$/i;

/**
 * A written-out date: date-only when it has no time of day (so no time zone can move it to another
 * day), else a UTC timestamp, a time without a zone read as UTC. Null when it is not such a date.
 */
function writtenDate(v: string): Checked<string> | 'impossible' | null {
  const m = WRITTEN_DAY.exec(v);
  if (!m) return null;
  const monthName = (m[2] ?? m[3]!).toLowerCase();
  const month = MONTHS.findIndex((name) => name.startsWith(monthName)) + 1; // `Mar`, `March`, `Sept`
  if (month === 0) return null;
  const [year, day] = [Number(m[5]), Number(m[1] ?? m[4])];
  if (!isCalendarDate(year, month, day)) return 'impossible';
  if (!/\b\d{1,2}:\d{2}/.test(v)) return { ok: true, value: `${m[5]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
  const t = Date.parse(WRITTEN_ZONE.test(v) ? v : `${v} GMT`);
  if (Number.isNaN(t)) return null;
  return { ok: true, value: new Date(t).toISOString() };
}

/** An article URL: absolute http or https only, so no export hands `javascript:` or `file:` to a consumer. */
export function parseArticleUrl(value: string): Checked<string> {
  const v = value.trim();
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return { ok: false, reason: `"${clip(v)}" is not an absolute URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `URL scheme "${url.protocol}" is not allowed (http or https only)` };
  }
  return { ok: true, value: v };
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
