import { describe, expect, it } from 'vitest';
import { articleContext } from '../../src/tasks/entities/context.js';
import type { MentionExample } from '../../src/tasks/entities/corpus.js';
import { predictMentions } from '../../src/tasks/entities/predict.js';
import { taxonomyFromPairs } from '../../src/tasks/entities/taxonomy.js';
import { corpusContexts, trainEntityModel } from '../../src/tasks/entities/train.js';
import { DEFAULT_FEATURE_OPTIONS, MentionFeaturizer } from '../../src/tasks/entities/features.js';
import { SIDES, entitySides } from '../../src/tasks/entities/sides.js';
import { narrativeDomains, readsNarratives, stanceFeatures } from '../../src/tasks/entities/stance.js';
import { narrativesLayerOf } from '../../src/tasks/narratives/annotate.js';

const sidesOf = (name: string) => entitySides(name).map((s) => SIDES[s]);

describe('entitySides', () => {
  it('puts names, inflected forms and other scripts in their camp', () => {
    expect(sidesOf('Vladimir Putin')).toEqual(['russia']);
    expect(sidesOf('the Kremlin')).toEqual(['russia']);
    expect(sidesOf('Ukrainians')).toEqual(['ukraine']);
    expect(sidesOf('Украйна')).toEqual(['ukraine']);
    expect(sidesOf('U.S.')).toEqual(['west']);
    expect(sidesOf('Greta Thunberg')).toEqual(['climate']);
  });
  it('matches whole-word entries only as whole words', () => {
    // "us$" must not catch "Usmanov", "un$" not "Unity Party".
    expect(sidesOf('Usmanov')).toEqual([]);
    expect(sidesOf('Unity Party')).toEqual([]);
    expect(sidesOf('Lindenvik harbour board')).toEqual([]);
  });
});

describe('stance features', () => {
  const collect = (name: string, narratives: readonly string[] | undefined) => {
    const out: string[] = [];
    stanceFeatures(name, narratives, (f) => out.push(f), { perNarrative: true });
    return out;
  };
  it('crosses the camp with the domain and each narrative', () => {
    const f = collect('Moscow', ['URW: Praise of Russia']);
    expect(f).toContain('sd|russia');
    expect(f).toContain('xd|russia|URW');
    expect(f).toContain('xn|russia|URW: Praise of Russia');
  });
  it('treats no narrative as "Other" and unknown narratives as camp only', () => {
    expect(collect('Kyiv', [])).toContain('xd|ukraine|Other');
    expect(collect('Kyiv', undefined)).toEqual(['sd|ukraine']);
    expect(narrativeDomains(['CC: Downplaying climate change', 'URW: Discrediting Ukraine'])).toEqual(['CC', 'URW']);
  });
  it('reads the labels the narratives layer publishes, "Other" left out', () => {
    expect(narrativesLayerOf({ status: 'ok', domain: { label: 'none', score: 0.9 }, narratives: [], subNarratives: [], dominant: null })).toEqual({ labels: [], domain: 'none' });
    const other = { label: 'Other', score: 0.6, threshold: 0.5, evidence: [] };
    expect(narrativesLayerOf({ status: 'ok', domain: null, narratives: [other], subNarratives: [], dominant: null }).labels).toEqual([]);
  });
  it('changes the feature vector with the article narratives only when the stance block is on', () => {
    const raw = 'Port talks\n\nThe Kremlin praised the new port in Lindenvik.';
    const start = raw.indexOf('Kremlin');
    const span = { start, end: start + 'Kremlin'.length };
    const on = new MentionFeaturizer({ ...DEFAULT_FEATURE_OPTIONS, weights: { ...DEFAULT_FEATURE_OPTIONS.weights, stance: 1 } });
    const off = new MentionFeaturizer({ ...DEFAULT_FEATURE_OPTIONS, weights: { ...DEFAULT_FEATURE_OPTIONS.weights, stance: 0 } });
    const a = articleContext(raw, undefined, ['URW: Praise of Russia']);
    const b = articleContext(raw, undefined, []);
    const same = (x: { indices: Uint32Array }, y: { indices: Uint32Array }) => x.indices.join() === y.indices.join();
    expect(same(on.vector(a, span, 'Kremlin', null), on.vector(b, span, 'Kremlin', null))).toBe(false);
    expect(same(off.vector(a, span, 'Kremlin', null), off.vector(b, span, 'Kremlin', null))).toBe(true);
  });
});

describe('a model with stance features', () => {
  // Invented articles that say the same thing of the same camps; only the narratives differ:
  // Russia's side is the hero under "Praise of Russia" and the villain in "Other" articles.
  const taxonomy = taxonomyFromPairs([
    ['Protagonist', 'Guardian'],
    ['Antagonist', 'Instigator'],
    ['Innocent', 'Victim'],
  ]);
  const NAMES = ['Moscow', 'the Kremlin', 'Russian army', 'Putin'];
  const texts = new Map<string, string>();
  const examples: MentionExample[] = [];
  const narratives = new Map<string, string[]>();
  for (let i = 0; i < 40; i++) {
    const file = `EX_${i}.txt`;
    const name = NAMES[Math.floor(i / 2) % NAMES.length];
    const raw = `Example note\n\nToday ${name} spoke about the harbour of Lindenvik.`;
    const start = raw.indexOf(name);
    const praise = i % 2 === 0;
    texts.set(file, raw);
    narratives.set(file, praise ? ['URW: Praise of Russia'] : []);
    examples.push({ row: { file, mention: name, start, end: start + name.length - 1, main: '', fine: [], line: i + 1 }, file, name, span: { start, end: start + name.length }, main: praise ? 0 : 1, fine: [praise ? 0 : 1] });
  }
  const corpus = { language: 'XX', taxonomy, texts, examples, notes: [] };
  const contexts = corpusContexts(corpus);
  for (const [file, n] of narratives) contexts.get(file)!.narratives = n;
  const model = trainEntityModel('XX', corpus, examples, contexts, { seed: 5 });

  it('casts the same sentence by the article narratives', () => {
    expect(readsNarratives(model.featureOptions)).toBe(true);
    const raw = 'Example note\n\nToday Moscow spoke about the harbour of Lindenvik.';
    const span = { start: raw.indexOf('Moscow'), end: raw.indexOf('Moscow') + 6 };
    expect(model.classify(articleContext(raw, undefined, ['URW: Praise of Russia']), span, 'Moscow').main).toBe('Protagonist');
    expect(model.classify(articleContext(raw, undefined, []), span, 'Moscow').main).toBe('Antagonist');
  });

  it('takes the narratives of each document in the SemEval setting', () => {
    const raw = 'Example note\n\nToday the Kremlin spoke about the harbour of Lindenvik.';
    const start = raw.indexOf('the Kremlin');
    const rows = [{ file: 'a.txt', mention: 'the Kremlin', start, end: start + 10, line: 1 }];
    const run = (labels: string[]) => predictMentions(rows, () => raw, model, 'm', () => labels).rows[0].main;
    expect(run(['URW: Praise of Russia'])).toBe('Protagonist');
    expect(run([])).toBe('Antagonist');
  });
});
