/** The training set of `train entities --from-store`, built from role decisions on invented articles with hand-made analyses: approved roles in, rejected out, undecided articles unused, unplaceable decisions counted, model-labelled articles pooled. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { planEntityLanguage, writeEntityFolder } from '../../src/learn/from-store-entities.js';
import { analyzeArticle } from '../../src/pipeline.js';
import type { Analysis } from '../../src/schema.js';
import { SqliteEngine } from '../../src/store/sqlite-engine.js';
import { taxonomyFromPairs } from '../../src/tasks/entities/taxonomy.js';

type Entity = NonNullable<Analysis['entities']>[number];

const ROLES = taxonomyFromPairs([
  ['Antagonist', 'Corrupt'],
  ['Antagonist', 'Deceiver'],
  ['Protagonist', 'Guardian'],
  ['Innocent', 'Victim'],
]);

const TEXTS = [
  'Mayor Mara Velk sold the old mill. Tobin Ashgrove tried to stop the sale of the mill.',
  'Mara Velk opened a bakery in Dunmere. Tobin Ashgrove bought bread there.',
  'Tobin Ashgrove lost his boat in the storm off Dunmere.',
  'Mara Velk lied about the bridge tolls of Dunmere.',
];

/** An entity of the hand-made analysis, its mentions found in the text. */
function entity(raw: string, name: string, mainRole: Entity['mainRole'], fine: string[], tier?: 'llm'): Entity {
  const mentions = [...raw.matchAll(new RegExp(name, 'g'))].map((m) => ({ start: m.index!, end: m.index! + name.length, text: name }));
  return { name, mentions, mainRole, fineRoles: fine.map((role) => ({ role, score: 0.8 })), confidence: 0.8, evidence: [], ...(tier ? { tier } : {}) };
}

let dir: string;
let engine: SqliteEngine;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'narrascope-from-store-entities-'));
  engine = new SqliteEngine(join(dir, 'store.db'));
  const items = TEXTS.map((raw, i) => {
    const article = createArticle({ id: `a${i}`, raw, origin: { format: 'text' } });
    const analysis = analyzeArticle(article, { language: 'en' });
    const mara = entity(raw, 'Mara Velk', 'Antagonist', ['Corrupt']);
    const tobin = entity(raw, 'Tobin Ashgrove', 'Protagonist', ['Guardian']);
    analysis.entities = [mara, tobin].filter((e) => e.mentions.length > 0);
    // Article 3's roles as if a language model had given them.
    if (i === 3) {
      analysis.entities = [entity(raw, 'Mara Velk', 'Antagonist', ['Deceiver'], 'llm')];
      analysis.models = [...analysis.models.filter((m) => m.task !== 'entities'), { task: 'entities', version: 'p1', tier: 'llm' }];
    }
    return { article, analysis };
  });
  await engine.putBatch(items);
  // Article 0: Mara's role accepted, Tobin's changed to Innocent/Victim, and a role for a person the analysis never found.
  await engine.annotations.annotate({
    articleId: 'a0',
    author: 'ana',
    decisions: [
      { task: 'entities', entity: 'Mara Velk', label: 'Antagonist', decision: 'accept' },
      { task: 'entities', entity: 'Tobin Ashgrove', label: 'Protagonist', decision: 'reject' },
      { task: 'entities', entity: 'Tobin Ashgrove', label: 'Guardian', decision: 'reject' },
      { task: 'entities', entity: 'Tobin Ashgrove', label: 'Innocent', decision: 'add' },
      { task: 'entities', entity: 'Tobin Ashgrove', label: 'Victim', decision: 'add' },
      { task: 'entities', entity: 'Ilsa Quern', label: 'Guardian', decision: 'add' },
    ],
  });
  // Article 2: its only entity's main role rejected: nothing left to train on. Article 1: no decision.
  await engine.annotations.annotate({ articleId: 'a2', author: 'ana', decisions: [{ task: 'entities', entity: 'Tobin Ashgrove', label: 'Protagonist', decision: 'reject' }] });
  // A narratives decision on article 1 does not make it an entity-role training article.
  await engine.annotations.annotate({ articleId: 'a1', author: 'ana', decisions: [{ task: 'narratives', label: 'Other', decision: 'accept' }] });
}, 60_000);

afterAll(async () => {
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the entity training set from the store', () => {
  it('holds the approved roles of the articles with a role decision, one row per mention', async () => {
    const folder = await writeEntityFolder(engine, join(dir, 'approved'), false);
    expect(folder.byLanguage).toEqual(new Map([['EN', { approved: ['0.txt'], model: [] }]]));
    expect(folder.unplaced).toBe(1);
    expect(folder.empty).toBe(1);
    expect(folder.missing).toEqual([]);
    const plan = planEntityLanguage(folder, 'EN', 1, ROLES);
    expect(plan).toMatchObject({ scored: 1, scoredKind: 'approved', extra: {}, pool: [], notes: [] });
    const rows = plan.corpus.examples.map((e) => [e.name, ROLES.mainRoles[e.main], e.fine.map((f) => ROLES.fineRoles[f]).join(','), TEXTS[0].slice(e.span.start, e.span.end)]);
    expect(rows).toEqual([
      ['Mara Velk', 'Antagonist', 'Corrupt', 'Mara Velk'],
      ['Tobin Ashgrove', 'Innocent', 'Victim', 'Tobin Ashgrove'],
    ]);
  });

  it('adds the language model\'s roles as extra mentions, or scores them when too few articles were approved', async () => {
    const folder = await writeEntityFolder(engine, join(dir, 'with-model'), true);
    expect(folder.byLanguage.get('EN')).toEqual({ approved: ['0.txt'], model: ['1.txt'] });
    const pooled = planEntityLanguage(folder, 'EN', 1, ROLES);
    expect(pooled).toMatchObject({ scored: 1, scoredKind: 'approved', extra: { modelLabelled: 1 } });
    expect(pooled.pool.map((e) => [e.name, ROLES.fineRoles[e.fine[0]]])).toEqual([['Mara Velk', 'Deceiver']]);
    expect(pooled.texts.size).toBe(2);
    const folder2 = await writeEntityFolder(engine, join(dir, 'few'), true);
    expect(planEntityLanguage(folder2, 'EN', 5, ROLES)).toMatchObject({ scored: 2, scoredKind: 'approved and model-labelled', extra: {}, pool: [] });
  });
});
