import { describe, expect, it } from 'vitest';
import { fitStyleScaler, scaleStyle, styleFeatures, STYLE_FEATURES } from '../../src/tasks/genre/style.js';
import { GenreClassifier } from '../../src/tasks/genre/classifier.js';
import { loadTaskModel } from '../../src/learn/textmodel.js';
import { taskModelPath } from '../../src/tasks/models.js';
import { GENRES } from '../../src/tasks/genre/taxonomy.js';

// Invented example texts.
const REPORT = 'Town council approves new bridge\n\nSPRINGFIELD - The town council voted 7-2 on Tuesday to fund a new bridge, officials said.\n"We expect work to start in May," the mayor told reporters, according to a statement.';
const OPINION = 'Why I will never trust this council again\n\nI have lived here for 30 years. Do you really think they care about us? We deserve better! Frankly, this is absolutely outrageous.';

const f = (text: string, name: string) => styleFeatures(text)[STYLE_FEATURES.indexOf(name)];

describe('style features', () => {
  it('one value per named feature', () => {
    expect(styleFeatures(REPORT)).toHaveLength(STYLE_FEATURES.length);
    expect(styleFeatures('')).toHaveLength(STYLE_FEATURES.length);
  });

  it('reporting cues: quotes, attribution, dateline', () => {
    expect(f(REPORT, 'quoteShare')).toBeGreaterThan(0);
    expect(f(REPORT, 'attributionRate')).toBeGreaterThan(f(OPINION, 'attributionRate'));
    expect(f(REPORT, 'dateline')).toBe(1);
    expect(f(OPINION, 'dateline')).toBe(0);
  });

  it('opinion cues: first and second person, questions, exclamations, intensifiers', () => {
    expect(f(OPINION, 'firstSingularRate')).toBeGreaterThan(f(REPORT, 'firstSingularRate'));
    expect(f(OPINION, 'secondRate')).toBeGreaterThan(0);
    expect(f(OPINION, 'questionsPerSentence')).toBeGreaterThan(0);
    expect(f(OPINION, 'exclamationsPerSentence')).toBeGreaterThan(0);
    expect(f(OPINION, 'intensifiersRate')).toBeGreaterThan(f(REPORT, 'intensifiersRate'));
  });

  it('paragraph, lede and word-shape cues', () => {
    // Invented: a one-line-per-paragraph blog post with share boilerplate, and wire copy with a "--" dateline.
    const BLOG = 'You will not believe this\n\nWow.\nJust wow.\nThey did it again.\nShare this story and follow us on Twitter.';
    const WIRE = 'Council backs bridge plan\n\nRIVERTON, Examplestan -- The council on Tuesday backed a bridge plan that residents had opposed for two years, officials said in a statement released after the vote.\n"It is a good day," said Mayor Jane Doe.';
    expect(f(BLOG, 'shortParagraphShare')).toBe(1);
    expect(f(WIRE, 'shortParagraphShare')).toBeLessThan(1);
    expect(f(BLOG, 'boilerplateRate')).toBeGreaterThan(f(WIRE, 'boilerplateRate'));
    expect(f(WIRE, 'dateline')).toBe(1);
    expect(f(WIRE, 'ledeWeekdays')).toBe(1);
    expect(f(WIRE, 'quoteThenSaidPerSentence')).toBeGreaterThan(0);
    expect(f(BLOG, 'quoteThenSaidPerSentence')).toBe(0);
    expect(f(WIRE, 'properNounRate')).toBeGreaterThan(f(BLOG, 'properNounRate'));
  });

  it('scaling standardises and clips', () => {
    const rows = [styleFeatures(REPORT), styleFeatures(OPINION)];
    const s = fitStyleScaler(rows);
    const z = rows.map((r) => scaleStyle(r, s));
    const j = STYLE_FEATURES.indexOf('firstSingularRate');
    expect(z[0][j] + z[1][j]).toBeCloseTo(0, 10);
    expect(Math.max(...z.flatMap((r) => Array.from(r, Math.abs)))).toBeLessThanOrEqual(5);
  });
});

describe('the shipped genre model', () => {
  const model = loadTaskModel(taskModelPath('genre'), 'genre');

  it('has a stacker and two offset sets; the feed offsets favour reporting more', () => {
    const stacker = model.meta.stacker as { columns: number[]; features: string[]; textLogits: boolean };
    expect(stacker).toBeTruthy();
    expect(stacker.columns.length).toBeGreaterThan(0);
    expect(stacker.features).toEqual([...(stacker.textLogits ? GENRES.map((g) => `textLogit:${g}`) : []), ...stacker.columns.map((j) => STYLE_FEATURES[j])]);
    const train = model.meta.offsets as number[];
    const feed = model.meta.feedOffsets as number[];
    expect(feed[1] - feed[0]).toBeGreaterThan(train[1] - train[0]);
  });

  it('classifies into a genre with normalised scores, under either mix', () => {
    for (const mix of ['training', 'feed'] as const) {
      const r = new GenreClassifier(model, mix).classify(REPORT);
      expect(GENRES).toContain(r.label);
      expect(r.scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    }
  });
});
