/** train --from-store's training folder and export --approved read the same from a PostgreSQL store as from SQLite (a fresh database, test/store/pg-env.ts). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { approvedChunks } from '../../src/export/approved.js';
import { writeTrainingFolder } from '../../src/learn/from-store.js';
import { analyzeArticle } from '../../src/pipeline.js';
import type { StorageEngine } from '../../src/store/engine.js';
import { openPostgresEngine } from '../../src/store/pg/engine.js';
import { SqliteEngine } from '../../src/store/sqlite-engine.js';
import { labelLists, TaxonomyFileSchema } from '../../src/taxonomy/file.js';
import { dropDatabase, freshDatabase, pgForTests } from '../store/pg-env.js';
import { TOWN_TAXONOMY } from '../taxonomy/fixture.js';
import { labelsOf, townArticle } from '../taxonomy/town-articles.js';

const server = await pgForTests();
const LISTS = labelLists(TaxonomyFileSchema.parse(TOWN_TAXONOMY));

/** Ten invented town articles, approved (the first eight) as the generator labels them. */
async function fill(engine: StorageEngine, items: Parameters<StorageEngine['putBatch']>[0]): Promise<void> {
  await engine.putBatch(items);
  for (let i = 0; i < 8; i++) {
    const want = labelsOf(townArticle(i).topic);
    const decisions = [...want.narratives, ...want.subNarratives].map((label) => ({ task: 'narratives', label, decision: 'add' as const }));
    await engine.annotations.annotate({ articleId: `t${i}`, author: 'ana', decisions: decisions.length ? decisions : [{ task: 'narratives', label: 'Other', decision: 'accept' }] });
  }
}

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const c of chunks) out += c;
  return out;
}

describe.skipIf(!server.available)('from the store on PostgreSQL', () => {
  let url: string;
  let dir: string;
  let pgEngine: StorageEngine;
  let sqlite: SqliteEngine;

  beforeAll(async () => {
    url = await freshDatabase('ns_fromstore');
    dir = mkdtempSync(join(tmpdir(), 'narrascope-from-store-pg-'));
    const items = Array.from({ length: 10 }, (_, i) => {
      const article = createArticle({ id: `t${i}`, raw: townArticle(i).text, origin: { format: 'text', path: `town-${i}.txt` } });
      return { article, analysis: analyzeArticle(article, { language: 'en' }) };
    });
    pgEngine = await openPostgresEngine(url);
    sqlite = new SqliteEngine(join(dir, 'store.db'));
    await fill(pgEngine, items);
    await fill(sqlite, items);
  }, 120_000);

  afterAll(async () => {
    await pgEngine?.close();
    await sqlite?.close();
    if (url) await dropDatabase(url);
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the same training rows and texts', async () => {
    const a = await writeTrainingFolder(pgEngine, join(dir, 'pg'), LISTS, false);
    const b = await writeTrainingFolder(sqlite, join(dir, 'sqlite'), LISTS, false);
    expect(a.byLanguage.get('EN')!.approved).toHaveLength(8);
    // Rows are named by position: compare them as sets of (text, labels).
    const rows = (f: typeof a) => f.byLanguage.get('EN')!.approved.map((r) => `${readFileSync(join(f.dir, 'docs', r.id), 'utf8')}|${r.narratives.join(';')}|${r.subNarratives.join(';')}`).sort();
    expect(rows(a)).toEqual(rows(b));
  });

  it('exports the same approved subtask-2 rows', async () => {
    const a = await text(await approvedChunks('semeval-subtask2', pgEngine, {}));
    const b = await text(await approvedChunks('semeval-subtask2', sqlite, {}));
    expect(a.trim().split('\n')).toHaveLength(8);
    expect(a.split('\n').sort()).toEqual(b.split('\n').sort());
  });
});
