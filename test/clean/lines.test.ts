import { describe, expect, it } from 'vitest';
import { splitLines } from '../../src/clean/lines.js';

describe('splitLines', () => {
  it('keeps exact offsets with a BOM, CRLF and a lone CR', () => {
    const raw = '\uFEFFTitle\r\n\r\n  Body \u201Cquoted\u201D  text\rLast';
    const lines = splitLines(raw);
    expect(lines.map((l) => l.trimmed)).toEqual(['Title', '', 'Body \u201Cquoted\u201D  text', 'Last']);
    expect(lines[0]).toMatchObject({ start: 1, end: 6, next: 8 });
    expect(raw.slice(lines[2].contentStart, lines[2].contentEnd)).toBe(lines[2].trimmed);
    expect(lines[2].text).toBe('Body "quoted" text');
    expect(lines[3]).toMatchObject({ start: raw.length - 4, end: raw.length, next: raw.length });
  });

  it('returns one blank line for empty text', () => {
    expect(splitLines('')).toMatchObject([{ start: 0, end: 0, blank: true }]);
  });
});
