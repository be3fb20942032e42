import { describe, expect, it } from 'vitest';
import { parseArticleUrl, parsePublishedDate } from '../../src/doc/metadata.js';

describe('parsePublishedDate', () => {
  it('keeps calendar dates and normalises timestamps to UTC', () => {
    expect(parsePublishedDate('2026-03-01')).toEqual({ ok: true, value: '2026-03-01' });
    expect(parsePublishedDate('2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    expect(parsePublishedDate('2026-03-01T08:00:00Z')).toEqual({ ok: true, value: '2026-03-01T08:00:00.000Z' });
    expect(parsePublishedDate('2026-03-01T08:00:00+0200')).toEqual({ ok: true, value: '2026-03-01T06:00:00.000Z' });
    expect(parsePublishedDate('Sun, 01 Mar 2026 08:00:00 GMT')).toEqual({ ok: true, value: '2026-03-01T08:00:00.000Z' });
  });
  it('rejects impossible and unreadable dates with a reason', () => {
    for (const bad of ['2026-02-30', '2026-13-45', '2025-02-29', 'not a date', '', '2026-03-01T25:00', 'Mon, 30 Feb 2026 08:00:00 GMT']) {
      const r = parsePublishedDate(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.reason.length).toBeGreaterThan(0);
    }
  });
});

describe('parsePublishedDate: written-out dates and dates without a zone', () => {
  it('reads a time without a zone as UTC and a written-out date without a time as a date, whatever the machine zone', () => {
    expect(parsePublishedDate('2026-03-01T08:00')).toEqual({ ok: true, value: '2026-03-01T08:00:00.000Z' });
    expect(parsePublishedDate('2026-03-01 08:00:00')).toEqual({ ok: true, value: '2026-03-01T08:00:00.000Z' });
    expect(parsePublishedDate('March 1, 2026')).toEqual({ ok: true, value: '2026-03-01' });
    expect(parsePublishedDate('1 Sept 2026')).toEqual({ ok: true, value: '2026-09-01' });
    expect(parsePublishedDate('1 March 2026 08:00')).toEqual({ ok: true, value: '2026-03-01T08:00:00.000Z' });
    expect(parsePublishedDate('Sun, 01 Mar 2026 08:00:00 +0100')).toEqual({ ok: true, value: '2026-03-01T07:00:00.000Z' });
    expect(parsePublishedDate('Sun, 01 Mar 2026 08:00:00 EST')).toEqual({ ok: true, value: '2026-03-01T13:00:00.000Z' });
  });
  it('rejects impossible written-out dates in either order, and dates without a day or with a made-up month', () => {
    for (const bad of ['Feb 30, 2026', '31 April 2026', 'May 2026', '3 Mayor 2026', '12 May 2026 99:99']) {
      expect(parsePublishedDate(bad).ok, bad).toBe(false);
    }
  });
});

describe('parseArticleUrl', () => {
  it('accepts http and https only', () => {
    expect(parseArticleUrl('https://news.example/a?b=1')).toEqual({ ok: true, value: 'https://news.example/a?b=1' });
    expect(parseArticleUrl('http://news.example/')).toMatchObject({ ok: true });
    for (const bad of ['javascript:alert(1)', 'ftp://files.example/a', 'file:///etc/passwd', 'data:text/html,x', 'not a url']) {
      expect(parseArticleUrl(bad).ok, bad).toBe(false);
    }
  });
});
