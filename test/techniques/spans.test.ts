import { describe, expect, it } from 'vitest';
import { FeatureHasher, markText, markedTokens, TfidfSpace, wordNgramIndex, wordTokens, type HasherOptions } from '../../src/features/index.js';
import { trainPrimalOneVsRest } from '../../src/learn/index.js';
import { isFunctionWord, phraseSpan, phraseWindow, tokenScores, type SpanModel } from '../../src/tasks/techniques/spans.js';

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

describe('phraseWindow with edge trimming', () => {
  /** Scores for the marked tokens of `text`: the given words score `hi`, every other token `lo`. */
  const scored = (text: string, hi: Record<string, number>, lo = 0.05) =>
    markedTokens(text).map((t) => ({ start: t.start, end: t.end, score: hi[text.slice(t.start, t.end)] ?? lo }));
  const phrase = (text: string, hi: Record<string, number>, lo?: number) => {
    const w = phraseWindow(scored(text, hi, lo), 0, { text, lang: 'en' })!;
    return text.slice(w.start, w.end);
  };

  it('never starts on "that" nor ends on "the"', () => {
    const text = 'Critics said that the mayor is a reckless fraud who wasted the';
    const untrimmed = phraseWindow(scored(text, {}), 0)!;
    expect(text.slice(untrimmed.start, untrimmed.end)).toBe(text);
    expect(phrase('that the mayor is a reckless fraud who wasted the', { reckless: 1 })).toBe('mayor is a reckless fraud who wasted');
    expect(phrase(text, { reckless: 1 })).toBe('Critics said that the mayor is a reckless fraud who wasted');
  });

  it('keeps the top-scoring word even when only function words surround it', () => {
    expect(phrase('and of the greedy by the', { greedy: 1 })).toBe('greedy');
    // The top word stays even at an edge, with its weaker neighbours trimmed up to it.
    expect(phrase('the greedy', { greedy: 1 }, -0.01)).toBe('greedy');
  });

  it('trims stray punctuation but keeps a quote whose partner is inside', () => {
    expect(phrase('Critics called it “a total disgrace” and then!', { disgrace: 1 })).toBe('Critics called it “a total disgrace”');
    // The opening quote is outside the run: the closing one is unpaired and goes.
    expect(phrase('a total disgrace” and', { disgrace: 1 })).toBe('total disgrace');
    expect(phrase('Surely this was no coincidence?', { coincidence: 1 })).toBe('Surely this was no coincidence');
    expect(phrase('reckless (and costly) plans', { reckless: 1 })).toBe('reckless (and costly) plans');
  });

  it('leaves a run with no content word alone: the model decided on it, and nothing narrower reads better', () => {
    expect(phrase('that', { that: 1 })).toBe('that');
    expect(phrase('of that?', { that: 1 })).toBe('of that?');
  });

  it('knows function words in any case and with either apostrophe, but not negations', () => {
    expect(['The', 'THAT', 'it’s', "they're", 'which'].every((w) => isFunctionWord(w, 'en'))).toBe(true);
    expect(['not', 'never', 'villains', 'corrupt'].some((w) => isFunctionWord(w, 'en'))).toBe(false);
  });

  it('falls back to the English list for a language without one', () => {
    const text = 'the shameless villains of';
    const w = phraseWindow(scored(text, { shameless: 1 }), 0, { text, lang: 'xx' })!;
    expect(text.slice(w.start, w.end)).toBe('shameless villains');
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

function tinyModel(hasher: HasherOptions = HASHER): SpanModel {
  const h = new FeatureHasher(hasher);
  const counts = TRAIN.map(([t]) => h.counts(markText(t)));
  const space = TfidfSpace.fit(counts, 1 << hasher.bits, { minDf: 1 });
  const model = trainPrimalOneVsRest(counts.map((c) => space.transform(c)), TRAIN.map(([, y]) => y), ['Loaded_Language'], space.size, { C: 10 });
  return { space, model, hasher, mark: true };
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

  it('shares out the character n-grams of a word and character model over the words they occur in', () => {
    const chars: HasherOptions = { bits: 14, wordNgrams: [1, 2], charNgrams: [3, 5] };
    const mc = tinyModel(chars);
    const scores = tokenScores(sentence, mc, 0);
    const x = mc.space.transform(new FeatureHasher(chars).counts(markText(sentence)));
    expect(scores.reduce((a, s) => a + s.score, 0)).toBeCloseTo(mc.model.decision(x)[0] - mc.model.bias[0], 4);
    const best = scores.reduce((a, b) => (b.score > a.score ? b : a));
    expect(['shameless', 'villains']).toContain(sentence.slice(best.start, best.end));
  });

  it('narrows a sentence with one loaded phrase to that phrase', () => {
    const span = phraseSpan(sentence, m, 0, 'en', 0.3);
    const text = sentence.slice(span.start, span.end);
    expect(text).toContain('shameless');
    expect(text.length).toBeLessThan(sentence.length / 3);
    expect(text).not.toContain('budget');
  });

  it('neither starts nor ends on a function word', () => {
    for (const text of [sentence, 'That the shameless villains of the town hall and the.', 'It is the villains that are shameless for the']) {
      const span = phraseSpan(text, m, 0, 'en', 0);
      const words = text.slice(span.start, span.end).toLowerCase().split(/\W+/).filter(Boolean);
      expect(words.length).toBeGreaterThan(0);
      expect(['that', 'the', 'of', 'and', 'it', 'is', 'for', 'are']).not.toContain(words[0]);
      expect(['that', 'the', 'of', 'and', 'it', 'is', 'for', 'are']).not.toContain(words.at(-1));
    }
  });

  it('keeps the whole sentence when no word speaks for the label', () => {
    const neutral = 'The committee met on Tuesday.';
    expect(phraseSpan(neutral, m, 0, 'en', 0.3)).toEqual({ start: 0, end: neutral.length });
  });
});

describe('attribution made once per sentence', () => {
  it('wordNgramIndex gives the index the hasher counts for those words', () => {
    const words = wordTokens('The council’s plan was a total disgrace, residents said on Monday');
    for (const n of [1, 2, 3]) {
      const h = new FeatureHasher({ bits: 18, wordNgrams: [n, n], charNgrams: null });
      for (let i = 0; i + n <= words.length; i++) {
        expect(wordNgramIndex(words, i, n, 18)).toBe(h.counts(words.slice(i, i + n).join(' ')).indices[0]);
      }
    }
  });
});
