/** The training folder of `train narratives --from-store`: approved articles scored, model-labelled and shipped ones as extra training articles, labels outside the taxonomy named. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { fixedModelScores, planLanguage, writeTrainingFolder } from '../../src/learn/from-store.js';
import { analyzeArticle } from '../../src/pipeline.js';
import { SqliteEngine } from '../../src/store/sqlite-engine.js';
import { narrativeModelFor } from '../../src/tasks/narratives/annotate.js';
import { loadTrainSplit } from '../../src/tasks/narratives/corpus.js';
import { labelLists, TaxonomyFileSchema } from '../../src/taxonomy/file.js';
import { TOWN_TAXONOMY } from '../taxonomy/fixture.js';
import { labelsOf, townArticle } from '../taxonomy/town-articles.js';

const LISTS = labelLists(TaxonomyFileSchema.parse(TOWN_TAXONOMY));
let dir: string;
let engine: SqliteEngine;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'narrascope-from-store-'));
  engine = new SqliteEngine(join(dir, 'store.db'));
  const items = Array.from({ length: 33 }, (_, i) => {
    const article = createArticle({ id: `t${i}`, raw: townArticle(i).text, origin: { format: 'text' } });
    const analysis = analyzeArticle(article, { language: 'en' });
    // Articles 25–29 as if a language model had labelled them (an analysis.models entry with a tier).
    if (i >= 25 && i < 30) analysis.models = analysis.models.map((m) => (m.task === 'narratives' ? { ...m, tier: 'llm' as const } : m));
    return { article, analysis };
  });
  await engine.putBatch(items);
  for (let i = 0; i < 25; i++) {
    const want = labelsOf(townArticle(i).topic);
    const decisions = [...want.narratives, ...want.subNarratives].map((label) => ({ task: 'narratives', label, decision: 'add' as const }));
    // One analyst also adds a SemEval label: not in the town taxonomy, so left out and named.
    if (i === 0) decisions.push({ task: 'narratives', label: 'URW: Discrediting the West, Diplomacy', decision: 'add' });
    await engine.annotations.annotate({ articleId: `t${i}`, author: 'ana', decisions: decisions.length ? decisions : [{ task: 'narratives', label: 'Other', decision: 'accept' }] });
  }
}, 120_000);

afterAll(async () => {
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the training folder from the store', () => {
  it('holds the approved articles only, without --with-model-labels', async () => {
    const folder = await writeTrainingFolder(engine, join(dir, 'approved'), LISTS, false);
    expect(folder.byLanguage.get('EN')).toMatchObject({ model: [] });
    expect(folder.byLanguage.get('EN')!.approved).toHaveLength(25);
    expect(folder.outside).toEqual(new Map([['URW: Discrediting the West, Diplomacy', 1]]));
    expect(folder.missing).toEqual([]);
    const plan = planLanguage(folder, 'EN', 20);
    expect(plan).toMatchObject({ scored: 25, scoredKind: 'approved', extra: {} });
    const docs = loadTrainSplit(folder.dir, 'EN');
    expect(docs).toHaveLength(25);
    expect(docs.map((d) => d.gold.narratives.join(';'))).toContain('GH: The harbour is sold off');
    expect(docs.some((d) => d.gold.narratives.includes('Other'))).toBe(true);
  });

  it('adds model-labelled articles as extra training articles, never scored, and names them', async () => {
    const folder = await writeTrainingFolder(engine, join(dir, 'with-model'), LISTS, true);
    expect(folder.byLanguage.get('EN')!.model).toHaveLength(5);
    const plan = planLanguage(folder, 'EN', 20);
    expect(plan).toMatchObject({ scored: 25, scoredKind: 'approved', extra: { modelLabelled: 5 }, options: { poolWith: { EN: ['M-EN'] }, poolWeight: 1 } });
    expect(loadTrainSplit(folder.dir, 'M-EN')).toHaveLength(5);
  });

  it('scores model-labelled articles too when too few were approved, and says so', async () => {
    const folder = await writeTrainingFolder(engine, join(dir, 'few'), LISTS, true);
    expect(planLanguage(folder, 'EN', 26)).toMatchObject({ scored: 30, scoredKind: 'approved and model-labelled', extra: {} });
  });

  it('adds the shipped training split of a SemEval folder as extra articles', async () => {
    const shipped = join(dir, 'semeval');
    mkdirSync(join(shipped, 'EN', 'train', 'raw-documents'), { recursive: true });
    for (const k of [1, 2]) writeFileSync(join(shipped, 'EN', 'train', 'raw-documents', `EN_${k}.txt`), townArticle(40 + k, 3).text);
    writeFileSync(join(shipped, 'EN', 'train', 'subtask-2-annotations.txt'), 'EN_1.txt\tOther\tOther\nEN_2.txt\tOther\tOther\n');
    const folder = await writeTrainingFolder(engine, join(dir, 'shipped'), LISTS, false);
    const plan = planLanguage(folder, 'EN', 20, shipped);
    expect(plan).toMatchObject({ scored: 25, extra: { shipped: 2 }, options: { poolWith: { EN: ['S-EN'] } } });
  });

  it('names the decided articles deleted since, and trains on the others', async () => {
    const other = new SqliteEngine(join(dir, 'deleting.db'));
    try {
      const items = [0, 1].map((i) => {
        const article = createArticle({ id: `d${i}`, raw: townArticle(i).text, origin: { format: 'text' } });
        return { article, analysis: analyzeArticle(article, { language: 'en' }) };
      });
      await other.putBatch(items);
      for (const i of [0, 1]) await other.annotations.annotate({ articleId: `d${i}`, author: 'ana', decisions: [{ task: 'narratives', label: 'GH: The tram is a waste', decision: 'add' }] });
      await other.delete(['d1']);
      // The decisions outlive the article (they are the record of who decided what): named, not trained on.
      for (const withModel of [false, true]) {
        const folder = await writeTrainingFolder(other, join(dir, `deleting-${withModel}`), LISTS, withModel);
        expect(folder.missing).toEqual(['d1']);
        expect(folder.byLanguage.get('EN')!.approved).toHaveLength(1);
      }
    } finally {
      await other.close();
    }
  });

  it('scores a fixed model on the approved articles (the shipped model knows no town label)', async () => {
    const folder = await writeTrainingFolder(engine, join(dir, 'fixed'), LISTS, false);
    planLanguage(folder, 'EN', 20);
    const s = fixedModelScores(narrativeModelFor('en')!, folder.dir, 'EN', LISTS);
    expect(s.articles).toBe(25);
    // Only the five "Other" articles can be right.
    expect(s.coarse.mean).toBeLessThanOrEqual(5 / 25 + 1e-9);
    expect(s.coarse.sd).toBe(0);
  });
});
