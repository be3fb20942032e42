/**
 * Mixed-language texts: the cheap test, per-paragraph identification, parts and shares, and the
 * document-level guess of a mixed text. Invented paragraphs in English, Russian and German.
 */
import { describe, expect, it } from 'vitest';
import { identifyLanguage } from '../../src/lang/index.js';
import { languageParts, mayBeMixed, mixedLanguageGuess, MIN_PART_SHARE } from '../../src/lang/parts.js';
import { lettersByScript } from '../../src/lang/scripts.js';
import { segmentParagraphs } from '../../src/text/index.js';
import { LanguageSchema } from '../../src/schema.js';

const EN = [
  'The city council met on Tuesday to discuss rising heating costs. Several members argued that the government must act quickly, while others blamed the sanctions for the price of gas this winter.',
  'The mayor promised a report next month and said the city would keep its schools warm whatever happens to the price of gas.',
  'Local shop owners say their electricity bills have doubled since spring, and some of them are thinking about closing for the coldest weeks of the year.',
];
const RU =
  'Жители города жалуются, что счета за отопление выросли почти вдвое. Многие считают, что санкции ударили прежде всего по простым людям, а не по политикам, которые их придумали.';
const DE =
  'Die Stadtverwaltung kündigte an, dass sie im Winter zusätzliche Wärmestuben öffnen werde. Viele Bürger sagen, dass die Energiepreise ihre Ersparnisse aufzehren und die Regierung zu spät reagiert habe.';

const partsOf = (text: string) => languageParts(text, segmentParagraphs(text), identifyLanguage(text));

describe('lettersByScript', () => {
  it('counts letters by writing system and ignores digits and punctuation', () => {
    const counts = lettersByScript('abc где 123 ...');
    expect([...counts].filter((n) => n > 0).sort()).toEqual([3, 3]);
  });
});

describe('languageParts', () => {
  it('finds English, Russian and German paragraphs with their shares and spans', () => {
    const text = ['Three voices on the energy crisis', EN[0], RU, DE, EN[1]].join('\n');
    const parts = partsOf(text)!;
    expect(parts.map((p) => p.code)).toEqual(['en', 'de', 'ru']);
    expect(parts.reduce((a, p) => a + p.share, 0)).toBeCloseTo(1, 2);
    for (const p of parts) expect(p.share).toBeGreaterThanOrEqual(MIN_PART_SHARE);
    const ru = parts.find((p) => p.code === 'ru')!;
    expect(ru.paragraphs).toHaveLength(1);
    expect(text.slice(ru.paragraphs[0].start, ru.paragraphs[0].end)).toBe(RU);
    // The short headline joins the English part of the paragraph after it.
    expect(parts[0].paragraphs[0].start).toBe(0);
    expect(parts[0].paragraphs).toHaveLength(3);
  });

  it('finds a second language of the same script at the end of a long text', () => {
    const text = [...EN, ...EN, DE, DE].join('\n');
    const parts = partsOf(text)!;
    expect(parts.map((p) => p.code)).toEqual(['en', 'de']);
  });

  it('leaves a one-language text alone without identifying its paragraphs', () => {
    const text = ['Heating costs rise again', ...EN, ...EN].join('\n');
    const paragraphs = segmentParagraphs(text);
    expect(mayBeMixed(text, paragraphs, identifyLanguage(text))).toBe(false);
    expect(partsOf(text)).toBeNull();
  });

  it('does not call a text mixed for a short quotation in another language', () => {
    const text = [...EN, ...EN, 'Он сказал: «Это неправда».'].join('\n');
    expect(partsOf(text)).toBeNull();
  });

  it('ignores single-paragraph and empty texts', () => {
    expect(partsOf(`${EN[0]} ${RU}`)).toBeNull();
    expect(partsOf('')).toBeNull();
  });
});

describe('mixedLanguageGuess', () => {
  it('names the largest part, gives shares instead of a confidence, and validates', () => {
    const text = [EN[0], RU, DE].join('\n');
    const guess = mixedLanguageGuess(partsOf(text)!);
    expect(guess.mixed).toBe(true);
    expect(guess.reliable).toBe(false);
    expect(guess.code).toBe(guess.parts![0].code);
    expect(guess.confidence).toBe(guess.parts![0].share);
    expect(guess.alternatives.map((a) => a.code).sort()).toEqual(guess.parts!.slice(1).map((p) => p.code).sort());
    expect(LanguageSchema.parse(guess)).toEqual(guess);
  });
});
