import { describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { buildDoc } from '../../src/pipeline.js';
import { FeatureHasher } from '../../src/features/index.js';
import { topicHint, topicLabel, topicFromProbability } from '../../src/tasks/narratives/topic.js';
import { fitNarratives } from '../../src/tasks/narratives/train.js';
import { NarrativeModel, toNarrativeModel } from '../../src/tasks/narratives/model.js';
import { annotateNarratives } from '../../src/tasks/narratives/annotate.js';
import type { Taxonomy } from '../../src/tasks/narratives/taxonomy.js';

describe('topic labels', () => {
  it('reads the collection domain from SemEval-style ids, and nothing from ids without one', () => {
    expect(topicHint('EN_UA_100001.txt')).toBe('URW');
    expect(topicHint('EN_UA_DEV_100002.txt')).toBe('URW');
    expect(topicHint('A7_URW_BG_3.txt')).toBe('URW');
    expect(topicHint('RU-URW-1010.txt')).toBe('URW');
    expect(topicHint('EN_CC_200003.txt')).toBe('CC');
    expect(topicHint('A6_CC_BG_4.txt')).toBe('CC');
    expect(topicHint('HI_55.txt')).toBeNull();
    expect(topicHint('ACCOUNT_7.txt')).toBeNull();
    expect(topicHint('PT_UAX_1.txt')).toBeNull();
  });

  it('prefers the domain of the gold narratives, then the id, and gives up on mixed rows without one', () => {
    const row = (narratives: string[]) => ({ id: 'x', narratives, subNarratives: [] });
    expect(topicLabel('EN_UA_1.txt', row(['CC: Alpha']))).toBe('CC');
    expect(topicLabel('EN_UA_1.txt', row(['Other']))).toBe('URW');
    expect(topicLabel('HI_1.txt', row(['Other']))).toBeNull();
    expect(topicLabel('HI_1.txt', row(['URW: Beta', 'CC: Alpha']))).toBeNull();
    expect(topicLabel('EN_CC_1.txt', row(['URW: Beta', 'CC: Alpha']))).toBe('CC');
  });

  it('names the likelier domain with its probability', () => {
    expect(topicFromProbability(0.8)).toEqual({ label: 'URW', score: 0.8 });
    expect(topicFromProbability(0.25)).toEqual({ label: 'CC', score: 0.75 });
  });
});

describe('topic model', () => {
  // Invented texts and labels in the official naming scheme.
  const taxonomy: Taxonomy = {
    narratives: ['CC: Alpha', 'URW: Beta', 'Other'],
    subNarratives: ['CC: Alpha: One', 'URW: Beta: Two', 'Other'],
  };
  const war = ['tanks cross the river at dawn near the front', 'artillery shells the front line at night', 'soldiers dig trenches near the front', 'the army moves tanks and artillery', 'drones strike the tanks by the river', 'the front line holds against the army'];
  const climate = ['glaciers melt in the warm spring', 'carbon emissions warm the climate', 'the warm summer melts the glaciers', 'emissions and carbon taxes divide voters', 'sea levels rise as glaciers melt', 'a heatwave and carbon emissions'];
  const texts = [...war, ...climate];
  // Half the articles of each topic push no listed narrative ("Other"): only their ids tell the topic.
  const gold = texts.map((_, i) => {
    const isWar = i < war.length;
    const other = i % 2 === 1;
    return {
      id: `EN_${isWar ? 'UA' : 'CC'}_${i}.txt`,
      narratives: other ? ['Other'] : [isWar ? 'URW: Beta' : 'CC: Alpha'],
      subNarratives: other ? ['Other'] : [isWar ? 'URW: Beta: Two' : 'CC: Alpha: One'],
    };
  });
  const hasher = { bits: 14, wordNgrams: [1, 1] as [number, number], charNgrams: null };
  const h = new FeatureHasher(hasher);
  const counts = texts.map((t) => h.counts(t));
  const opts = { hasher, tfidf: { minDf: 1 }, innerFolds: 2, tryExpectedF1: false, perLabel: false, poolWith: {} };
  const fit = (withTopics: boolean) => fitNarratives(counts, gold, [], taxonomy, opts, undefined, withTopics ? gold.map((g) => topicLabel(g.id, g)) : undefined);
  const stored = (withTopics: boolean) => toNarrativeModel(fit(withTopics), { lang: 'en', version: 'test', seed: 1, hasher, taxonomy, training: {} }, 1000);

  it('learns the topic from every article with a known one, "Other" articles included', () => {
    const f = fit(true);
    expect(f.topic?.vectors.length).toBe(texts.length);
    const m = stored(true);
    expect(m.topic(m.vectorize('tanks and artillery at the front'))?.label).toBe('URW');
    expect(m.topic(m.vectorize('glaciers and carbon emissions'))?.label).toBe('CC');
    expect(m.topic(m.vectorize('glaciers and carbon emissions'))!.score).toBeGreaterThan(0.5);
  });

  it('keeps the topic weights through the model file, and has none when not trained with topics', () => {
    const m = stored(true);
    const back = NarrativeModel.decode(m.encode());
    const x = back.vectorize('soldiers near the front');
    expect(back.topic(x)).toEqual(m.topic(m.vectorize('soldiers near the front')));
    expect(back.meta.topic?.articles).toBe(texts.length);
    const plain = NarrativeModel.decode(stored(false).encode());
    expect(plain.topic(x)).toBeNull();
  });

  it('gives an "Other" article its topic domain and the closest narratives', () => {
    const m = stored(true);
    const { doc } = buildDoc(createArticle({ raw: 'An invented title\n\nThe army digs trenches. Drones fly over the river at dawn.', origin: { format: 'text' } }), {}, 'en');
    const n = annotateNarratives(doc, m);
    expect(n.domain?.label).toBe('URW');
    if (n.narratives.length === 0) {
      expect(n.candidates?.length).toBe(2);
      expect(n.candidates![0].score).toBeGreaterThanOrEqual(n.candidates![1].score);
    } else expect(n.candidates).toBeUndefined();
  });
});
