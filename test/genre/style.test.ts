import { describe, expect, it } from 'vitest';
import { fitStyleScaler, genreStyle, genreStyleNames, neutralStyleFeatures, NEUTRAL_STYLE_FEATURES, scaleStyle, styleFeatures, STYLE_FEATURES } from '../../src/tasks/genre/style.js';

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

describe('language-neutral style features', () => {
  // Invented French and Russian snippets.
  const FR = 'Le conseil vote le budget\n\nLe maire a déclaré : « Nous commencerons en mai », selon un communiqué publié mardi. Le projet coûte 12 millions.';
  const RU = 'Почему они молчат?\n\n— Кто ответит за это?\n— Никто!\nЭТО позор!';
  const g = (text: string, name: string) => neutralStyleFeatures(text)[NEUTRAL_STYLE_FEATURES.indexOf(name)];

  it('one value per named feature, for any text', () => {
    expect(neutralStyleFeatures(FR)).toHaveLength(NEUTRAL_STYLE_FEATURES.length);
    expect(neutralStyleFeatures('')).toHaveLength(NEUTRAL_STYLE_FEATURES.length);
  });

  it('reads guillemets as quotation, dash-led paragraphs, questions, exclamations and capitals in any script', () => {
    expect(g(FR, 'quoteShare')).toBeGreaterThan(0);
    expect(g(FR, 'numberRate')).toBeGreaterThan(0);
    expect(g(RU, 'quoteShare')).toBe(0);
    expect(g(RU, 'dashOpenings')).toBeCloseTo(2 / 3, 10);
    expect(g(RU, 'titleQuestion')).toBe(1);
    expect(g(RU, 'exclamationsPerSentence')).toBeGreaterThan(0);
    expect(g(RU, 'capsRate')).toBeGreaterThan(0);
  });

  it('English reads the word-list features, other languages the neutral ones', () => {
    expect(genreStyle(FR, 'en')).toHaveLength(STYLE_FEATURES.length);
    expect(genreStyle(FR, 'fr')).toHaveLength(NEUTRAL_STYLE_FEATURES.length);
    expect(genreStyleNames('RU')).toBe(NEUTRAL_STYLE_FEATURES);
  });
});
