/** Quote verification: found quotes map to raw offsets across whitespace, quotation marks and accents; invented ones are rejected. */
import { describe, expect, it } from 'vitest';
import { MIN_QUOTE_CHARS, normaliseWithMap, verifyQuotes } from '../../src/llm/quotes.js';

const ARTICLE = 'Harbour town votes\n\nThe mayor said:  \u201CWe will not\r\n   give up the pier.\u201D\nCafé owners \u2014 all of them \u2014 agreed.';

describe('verifyQuotes', () => {
  it('finds a quote across line breaks, doubled spaces and curly quotation marks, with raw offsets', () => {
    const { verified, rejected } = verifyQuotes(ARTICLE, ['"We will not give up the pier."']);
    expect(rejected).toEqual([]);
    expect(verified).toHaveLength(1);
    const e = verified[0];
    expect(ARTICLE.slice(e.start, e.end)).toBe(e.text);
    expect(e.text).toBe('We will not\r\n   give up the pier.');
    expect(e.weight).toBe(1);
  });

  it('matches dashes typed as hyphens and a decomposed accent against a composed one', () => {
    const { verified } = verifyQuotes(ARTICLE, ['Cafe\u0301 owners - all of them - agreed']);
    expect(verified).toHaveLength(1);
    expect(verified[0].text).toBe('Café owners \u2014 all of them \u2014 agreed');
  });

  it('rejects invented quotes, changed words and quotes too short to count', () => {
    const { verified, rejected } = verifyQuotes(ARTICLE, ['The mayor resigned today', 'We will never give up the pier', 'pier', 'The mayor said']);
    expect(verified.map((v) => v.text)).toEqual(['The mayor said']);
    expect(rejected).toEqual(['The mayor resigned today', 'We will never give up the pier', 'pier']);
    expect('pier'.length).toBeLessThan(MIN_QUOTE_CHARS);
  });

  it('keeps one evidence span for a quote given twice', () => {
    expect(verifyQuotes(ARTICLE, ['Harbour town votes', 'Harbour  town votes']).verified).toHaveLength(1);
  });

  it('maps every normalised character to a raw offset', () => {
    const { text, offsets } = normaliseWithMap('  a \u201Cb\u201D\n\nc  ');
    expect(text).toBe('a "b" c');
    expect(offsets).toHaveLength(text.length);
    expect(offsets[0]).toBe(2);
  });
});
