import { describe, expect, it } from 'vitest';
import { TextView } from '../../src/doc/view.js';
import { createArticle } from '../../src/doc/article.js';
import { offsetConverter } from '../../src/doc/offsets.js';

describe('TextView', () => {
  it('cuts removed spans and maps offsets back to the raw text', () => {
    const raw = 'Head\n[ad]\nBody text here.\nTail';
    const cut = { start: raw.indexOf('[ad]'), end: raw.indexOf('[ad]') + 5 };
    const view = new TextView(raw, [cut]);
    expect(view.text).toBe('Head\nBody text here.\nTail');
    const at = view.text.indexOf('text');
    const span = view.toRawSpan({ start: at, end: at + 4 });
    expect(raw.slice(span.start, span.end)).toBe('text');
  });

  it('skips a leading BOM but keeps raw offsets', () => {
    const raw = '\uFEFFTitle\r\nBody';
    const view = new TextView(raw);
    expect(view.text).toBe('Title\r\nBody');
    const span = view.toRawSpan({ start: 0, end: 5 });
    expect(span).toEqual({ start: 1, end: 6 });
  });

  it('merges overlapping removals', () => {
    const raw = 'abcdefghij';
    const view = new TextView(raw, [{ start: 2, end: 5 }, { start: 4, end: 7 }]);
    expect(view.text).toBe('abhij');
    expect(view.toRawSpan({ start: 2, end: 3 })).toEqual({ start: 7, end: 8 });
  });
});

describe('createArticle', () => {
  it('keeps raw intact and takes the first line as the title', () => {
    const raw = '\uFEFFA headline\r\n\r\nThe body.\r\n';
    const a = createArticle({ raw, id: 'x1', origin: { format: 'text' } });
    expect(a.raw).toBe(raw);
    expect(a.title).toBe('A headline');
    expect(a.body).toBe('\r\nThe body.\r\n');
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.isFrozen(a)).toBe(true);
  });
});

describe('offsetConverter', () => {
  it('converts between code points and UTF-16 around astral characters', () => {
    const text = 'a😀b';
    const c = offsetConverter(text);
    expect(c.toCodePoint(3)).toBe(2);
    expect(c.toUtf16(2)).toBe(3);
    expect(text.slice(c.toUtf16(2), c.toUtf16(3))).toBe('b');
  });
});
