import { describe, expect, it } from 'vitest';
import { FeatureHasher, TfidfSpace, wordTokens } from '../../src/features/index.js';
import { trainPrimalOneVsRest } from '../../src/tasks/techniques/linear.js';
import { phraseSpan, phraseWindow, tokenScores, type SpanModel } from '../../src/tasks/techniques/spans.js';
import { markText, markedTokens } from '../../src/tasks/techniques/textfeatures.js';

describe('markedTokens', () => {
  it('gives exactly the tokens of markText, each placed on the text it stands for', () => {
    const t = 'The MAYOR’s plan: “a total disgrace” (they said) — costing 2,500 euros?!';
    const tokens = markedTokens(t);
    expect(tokens.map((x) => x.token)).toEqual(wordTokens(markText(t)));
    const at = (token: string) => tokens.filter((x) => x.token === token).map((x) => t.slice(x.start, x.end));
    expect(at('qqcolon')).toEqual([':']);
    expect(at('qqquote')).toEqual(['“', '”']);
    expect(at('qqdash')).toEqual(['—']);
    expect(at('qqquestion')).toEqual(['?']);
    expect(at('qqexclaim')).toEqual(['!']);
    expect(at('disgrace')).toEqual(['disgrace']);
    expect(at('qqnumber')).toEqual(['2,500']);
    // The capitals' mark swallows the "’s" after it, as in training; it stays on the same word.
    expect(tokens.find((x) => x.token.startsWith('qqcaps'))).toMatchObject({ start: t.indexOf('MAYOR') });
  });
});

describe('phraseWindow', () => {
  const s = (scores: number[]) => scores.map((score, i) => ({ start: i * 10, end: i * 10 + 5, score }));
  it('keeps the run of words with the largest net evidence', () => {
    expect(phraseWindow(s([0, -0.1, 0.2, 1, 0.5, -0.3, 0.1]), 0.3)).toEqual({ start: 30, end: 45 });
    // No penalty: weak words between strong ones join the run.
    expect(phraseWindow(s([0.5, -0.1, 0.4, -2, 0.1]), 0)).toEqual({ start: 0, end: 25 });
  });
  it('returns null when no word speaks for the label', () => {
    expect(phraseWindow(s([-0.2, 0, -1]), 0.3)).toBeNull();
  });
});

// A tiny model on invented sentences: "shameless" and "villains" carry the loaded language.
const HASHER = { bits: 14, wordNgrams: [1, 2] as [number, number], charNgrams: null };
const TRAIN: [string, number[]][] = [
  ['The shameless villains betrayed everyone again.', [0]],
  ['What a shameless betrayal by the villains.', [0]],
  ['Those villains are shameless.', [0]],
  ['The committee met on Tuesday in the town hall.', []],
  ['The town hall reopened on Monday after repairs.', []],
  ['The committee said the budget for the year was approved.', []],
];

function tinyModel(): SpanModel {
  const h = new FeatureHasher(HASHER);
  const counts = TRAIN.map(([t]) => h.counts(markText(t)));
  const space = TfidfSpace.fit(counts, 1 << HASHER.bits, { minDf: 1 });
  const model = trainPrimalOneVsRest(counts.map((c) => space.transform(c)), TRAIN.map(([, y]) => y), ['Loaded_Language'], space.size, { C: 10 });
  return { space, model, hasher: HASHER, mark: true };
}

describe('phraseSpan', () => {
  const m = tinyModel();
  const sentence = 'On Tuesday the committee said in the town hall that the budget for the year was approved despite the shameless villains.';

  it('shares out the decision value over the words', () => {
    const scores = tokenScores(sentence, m, 0);
    const x = m.space.transform(new FeatureHasher(HASHER).counts(markText(sentence)));
    const total = m.model.decision(x)[0] - m.model.bias[0];
    expect(scores.reduce((a, s) => a + s.score, 0)).toBeCloseTo(total, 4);
    const best = scores.reduce((a, b) => (b.score > a.score ? b : a));
    expect(['shameless', 'villains']).toContain(sentence.slice(best.start, best.end));
  });

  it('narrows a sentence with one loaded phrase to that phrase', () => {
    const span = phraseSpan(sentence, m, 0, 0.3);
    const text = sentence.slice(span.start, span.end);
    expect(text).toContain('shameless');
    expect(text.length).toBeLessThan(sentence.length / 3);
    expect(text).not.toContain('budget');
  });

  it('keeps the whole sentence when no word speaks for the label', () => {
    const neutral = 'The committee met on Tuesday.';
    expect(phraseSpan(neutral, m, 0, 0.3)).toEqual({ start: 0, end: neutral.length });
  });
});
