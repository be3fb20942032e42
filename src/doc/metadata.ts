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
    const t = Date.parse(v.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    if (Number.isNaN(t)) return { ok: false, reason: `"${clip(v)}" is not a date` };
    return { ok: true, value: new Date(t).toISOString() };
  }
  // RFC 822 / 1123 and similar written-out dates: must name a month and a 4-digit year.
  if (/\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i.test(v) && /\b\d{4}\b/.test(v)) {
    const t = Date.parse(v);
    const dm = /\b(\d{1,2})\s+([a-z]{3})[a-z]*\s+(\d{4})\b/i.exec(v);
    if (!Number.isNaN(t) && dm) {
      const month = MONTHS.indexOf(dm[2]!.toLowerCase()) + 1;
      if (month > 0 && !isCalendarDate(Number(dm[3]), month, Number(dm[1]))) {
        return { ok: false, reason: `"${clip(v)}" is not a calendar date` };
      }
    }
    if (!Number.isNaN(t)) return { ok: true, value: new Date(t).toISOString() };
  }
  return { ok: false, reason: `"${clip(v)}" is not a date (use ISO 8601, e.g. 2026-03-01)` };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

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
