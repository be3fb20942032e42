import { describe, expect, it } from 'vitest';
import { countWords, segmentParagraphs, segmentSentences } from '../../src/text/index.js';

const split = (t: string) => segmentSentences(t).map((s) => t.slice(s.start, s.end));

describe('segmentSentences', () => {
  it('splits ordinary sentences and keeps the punctuation', () => {
    expect(split('The river rose. Nobody was hurt! Was it planned? Maybe.')).toEqual([
      'The river rose.',
      'Nobody was hurt!',
      'Was it planned?',
      'Maybe.',
    ]);
  });

  it('splits a missing space after a full stop between words', () => {
    expect(split('The old mill fell silent and deaf.Another day began in the valley.')).toEqual([
      'The old mill fell silent and deaf.',
      'Another day began in the valley.',
    ]);
  });

  it('ends a sentence at a line without final punctuation', () => {
    expect(split('A headline without a stop\nThe body starts here. It goes on')).toEqual([
      'A headline without a stop',
      'The body starts here.',
      'It goes on',
    ]);
  });

  it('does not split abbreviations, initials, acronyms or decimals', () => {
    expect(split('Mr. Brown met Dr. Ade at 3.5 p.m. in the U.S. capital. J. K. Doe left.')).toEqual([
      'Mr. Brown met Dr. Ade at 3.5 p.m. in the U.S. capital.',
      'J. K. Doe left.',
    ]);
  });

  it('keeps closing quotes with the sentence', () => {
    expect(split('"We are ready." The mayor smiled.')).toEqual(['"We are ready."', 'The mayor smiled.']);
  });

  it('handles Hindi danda and Cyrillic text', () => {
    expect(split('यह पहला वाक्य है। यह दूसरा है।')).toEqual(['यह पहला वाक्य है।', 'यह दूसरा है।']);
    expect(split('Това е първото изречение. Това е второто.')).toEqual(['Това е първото изречение.', 'Това е второто.']);
  });

  it('returns offsets that cover only non-space text, with CRLF input', () => {
    const t = 'Title line\r\n\r\nFirst one. Second one.\r\n';
    const spans = segmentSentences(t);
    expect(spans.map((s) => t.slice(s.start, s.end))).toEqual(['Title line', 'First one.', 'Second one.']);
    for (const s of spans) expect(/^\s|\s$/.test(t.slice(s.start, s.end))).toBe(false);
  });

  it('returns nothing for blank text', () => {
    expect(segmentSentences('  \n\n ')).toEqual([]);
  });
});

describe('segmentParagraphs and countWords', () => {
  it('finds each non-empty line as a paragraph', () => {
    const t = 'Head\n\n  First para.\r\nSecond para.\n';
    expect(segmentParagraphs(t).map((s) => t.slice(s.start, s.end))).toEqual(['Head', 'First para.', 'Second para.']);
  });
  it('counts words across scripts', () => {
    expect(countWords("It's 2024 — Київ, नमस्ते दुनिया!")).toBe(6);
  });
});
