import { describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { buildDoc } from '../../src/pipeline.js';
import { FeatureHasher } from '../../src/features/index.js';
import { decideDomain, topicLabel, type DomainEvidence } from '../../src/tasks/narratives/topic.js';
import { mentionsDomain, namesTopicTerm } from '../../src/tasks/narratives/out-of-domain.js';
import { fitNarratives } from '../../src/tasks/narratives/train.js';
import { NarrativeModel, toNarrativeModel } from '../../src/tasks/narratives/model.js';
import { annotateNarratives } from '../../src/tasks/narratives/annotate.js';
import type { Taxonomy } from '../../src/tasks/narratives/taxonomy.js';

const evidence = (e: Partial<DomainEvidence>): DomainEvidence => ({
  chosen: new Set(),
  topic: { label: 'CC', score: 0.6 },
  inDomain: { p: 0.2, threshold: 0.5 },
  namesTopic: true,
  narrativeDomains: [
    ['URW', 0.3],
    ['CC', 0.4],
  ],
  ...e,
});

describe('domain decision', () => {
  it('gives "none" to an article with no narrative that the gate puts outside both topics', () => {
    expect(decideDomain(evidence({}))).toEqual({ label: 'none', score: 0.8 });
  });

  it('gives "none" to an article that names neither topic even when the gate is unsure, but only with a gate', () => {
    expect(decideDomain(evidence({ inDomain: { p: 0.7, threshold: 0.25 }, namesTopic: false }))).toEqual({ label: 'none', score: 1 - 0.7 });
    expect(decideDomain(evidence({ inDomain: null, namesTopic: false }))).toEqual({ label: 'CC', score: 0.6 });
    expect(decideDomain(evidence({ inDomain: { p: 0.7, threshold: 0.25 }, namesTopic: false, chosen: new Set(['CC'] as const) }))).toEqual({ label: 'CC', score: 0.6 });
  });

  it('keeps the topic when the gate says in domain, or when there is no gate', () => {
    expect(decideDomain(evidence({ inDomain: { p: 0.7, threshold: 0.5 } }))).toEqual({ label: 'CC', score: 0.6 });
    expect(decideDomain(evidence({ inDomain: { p: 0.2, threshold: 0.1 } }))).toEqual({ label: 'CC', score: 0.6 });
    expect(decideDomain(evidence({ inDomain: null }))).toEqual({ label: 'CC', score: 0.6 });
  });

  it('lets chosen narratives overrule the gate, so the shown narratives and domain agree', () => {
    expect(decideDomain(evidence({ chosen: new Set(['URW'] as const) }))).toEqual({ label: 'URW', score: 0.3 });
    expect(decideDomain(evidence({ chosen: new Set(['CC'] as const) }))).toEqual({ label: 'CC', score: 0.6 });
  });

  it('falls back to the narrative-domain outputs without a topic model', () => {
    expect(decideDomain(evidence({ topic: null, inDomain: { p: 0.9, threshold: 0.5 } }))).toEqual({ label: 'CC', score: 0.4 / 0.7 });
  });
});

describe('out-of-domain screen', () => {
  it('keeps invented local news and drops any mention of the war or climate', () => {
    expect(mentionsDomain('The council voted to repair the harbour wall; ferries keep running.')).toBe(false);
    expect(mentionsDomain('Fans cheered as the Rovers won the regional cup final on penalties.')).toBe(false);
    expect(mentionsDomain('Aid to Kyiv was discussed at the summit.')).toBe(true);
    expect(mentionsDomain('The mayor said the NATO summit closed the roads.')).toBe(true);
    expect(mentionsDomain('Farmers blame the climate for a poor harvest.')).toBe(true);
    expect(mentionsDomain('Переговоры о санкциях продолжились в среду.')).toBe(true);
  });

  it('allows two passing mentions of Russia or Moscow, not more', () => {
    expect(mentionsDomain('A chess player from Moscow won the open tournament; Russia sent two more.')).toBe(false);
    expect(mentionsDomain('Moscow, Russia and the Kremlin were named in the speech.')).toBe(true);
  });

  it('counts any single mention as naming a topic when deciding the domain', () => {
    expect(namesTopicTerm('A chess player from Moscow won the open tournament.')).toBe(true);
    expect(namesTopicTerm('The heat pump grant opens in March.')).toBe(true);
    expect(namesTopicTerm('The library reopens with a new children’s room.')).toBe(false);
  });

  it('matches at the start of a word only', () => {
    expect(mentionsDomain('The carbonara at the new restaurant was praised.')).toBe(true);
    expect(mentionsDomain('A wavering vote on the bus fare was postponed.')).toBe(false);
  });
});

describe('in-domain gate', () => {
  // Invented texts and labels in the official naming scheme.
  const taxonomy: Taxonomy = { narratives: ['CC: Alpha', 'URW: Beta', 'Other'], subNarratives: ['CC: Alpha: One', 'URW: Beta: Two', 'Other'] };
  const war = ['tanks cross the river at dawn near the front', 'artillery shells the front line at night', 'soldiers dig trenches near the front', 'the army moves tanks and artillery', 'drones strike the tanks by the river', 'the front line holds against the army'];
  const climate = ['glaciers melt in the warm spring', 'carbon emissions warm the climate', 'the warm summer melts the glaciers', 'emissions and carbon taxes divide voters', 'sea levels rise as glaciers melt', 'a heatwave and carbon emissions'];
  const neutral = ['the library opens a new reading room', 'the football club wins the cup final', 'the council repairs the harbour wall', 'a new bus timetable for the estates', 'the library lends books to schools', 'the club signs a young goalkeeper'];
  const texts = [...war, ...climate];
  const gold = texts.map((_, i) => {
    const isWar = i < war.length;
    const other = i % 2 === 1;
    return { id: `EN_${isWar ? 'UA' : 'CC'}_${i}.txt`, narratives: other ? ['Other'] : [isWar ? 'URW: Beta' : 'CC: Alpha'], subNarratives: other ? ['Other'] : [isWar ? 'URW: Beta: Two' : 'CC: Alpha: One'] };
  });
  const hasher = { bits: 14, wordNgrams: [1, 1] as [number, number], charNgrams: null };
  const h = new FeatureHasher(hasher);
  const counts = texts.map((t) => h.counts(t));
  const negatives = neutral.map((t) => h.counts(t));
  const opts = { hasher, tfidf: { minDf: 1 }, innerFolds: 2, tryExpectedF1: false, perLabel: false, poolWith: {} };
  const topics = gold.map((g) => topicLabel(g.id, g));
  const stored = (ood: typeof negatives) => toNarrativeModel(fitNarratives(counts, gold, [], taxonomy, opts, undefined, topics, ood), { lang: 'en', version: 'test', seed: 1, hasher, taxonomy, training: {} }, 1000);
  const analyse = (m: NarrativeModel, body: string) => annotateNarratives(buildDoc(createArticle({ raw: `An invented title\n\n${body}`, origin: { format: 'text' } }), {}, 'en').doc, m);

  it('gives invented neutral news the domain "none" and keeps war and climate articles in their domain', () => {
    const m = stored(negatives);
    expect(m.meta.gate).toMatchObject({ inDomain: texts.length, outOfDomain: neutral.length });
    expect(m.meta.gate!.threshold).toBeGreaterThan(0);
    expect(analyse(m, 'The library opens a reading room for schools.').domain?.label).toBe('none');
    expect(analyse(m, 'The football club signs a goalkeeper before the cup final.').domain?.label).toBe('none');
    expect(analyse(m, 'Tanks and artillery at the front line near Kyiv.').domain?.label).toBe('URW');
    expect(analyse(m, 'Glaciers melt as carbon emissions rise.').domain?.label).toBe('CC');
  });

  it('keeps the gate through the model file; a model trained without negatives has none', () => {
    const m = stored(negatives);
    const back = NarrativeModel.decode(m.encode());
    const x = back.vectorize('the library and the football club');
    expect(back.inDomain(x)).toEqual(m.inDomain(m.vectorize('the library and the football club')));
    expect(back.meta.gate).toEqual(m.meta.gate);
    const plain = stored([]);
    expect(plain.inDomain(x)).toBeNull();
    expect(plain.meta.gate).toBeUndefined();
  });

  it('leaves the narrative outputs unchanged: the negatives train the gate only', () => {
    const a = stored(negatives);
    const b = stored([]);
    for (const t of [...texts, ...neutral]) expect(Array.from(a.probabilities(a.vectorize(t)))).toEqual(Array.from(b.probabilities(b.vectorize(t))));
    expect(Buffer.compare(Buffer.from(a.linear.q.buffer), Buffer.from(b.linear.q.buffer))).toBe(0);
  });
});
