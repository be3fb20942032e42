/**
 * `narrascope reanalyze`: analyses stored by older models are replaced by the current pipeline's,
 * with their labels; a second run finds nothing stale; --force replaces them all again.
 * Runs the built CLI (dist/, rebuilt first when stale by test/e2e/build-current.ts), like the crash test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../../src/doc/article.js';
import { analyzeArticle } from '../../../src/pipeline.js';
import { SqliteStore } from '../../../src/store/sqlite.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'dist/cli/main.js');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'narrascope-reanalyze-'));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TEXTS = [
  'Ministers argue over the harbour budget\n\nThe ministry said the sanctions on fuel would hurt fishermen in Lindenvik. Critics in Brussels called the plan a disaster for ordinary families.\n',
  'Dry summer worries farmers\n\nFarmers near the river say the heat has ruined the harvest again. Scientists warn that such summers will become more common.\n',
];

function reanalyze(db: string, ...flags: string[]): string {
  const r = spawnSync(process.execPath, [CLI, 'reanalyze', '--db', db, ...flags], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`reanalyze failed (${r.status}): ${r.stderr}`);
  return r.stderr;
}

describe('narrascope reanalyze', () => {
  it('replaces analyses made by other models, keeps one per article, and stores their labels', () => {
    const db = join(dir, 'r.db');
    const store = new SqliteStore(db);
    const items = TEXTS.map((raw, i) => {
      const article = createArticle({ raw, id: `r${i}`, origin: { format: 'text' } });
      // An analysis without any task model: what an older install would have stored.
      return { article, analysis: analyzeArticle(article, { annotators: [] }) };
    });
    store.putBatch(items);
    expect(store.get('r0')!.modelVersion).toBe('schema@1.0.0');
    expect(store.labelsOf('r0')).toEqual([]);
    store.close();

    expect(reanalyze(db)).toMatch(/2 articles checked, 2 analyses refreshed/);
    const after = new SqliteStore(db);
    for (const id of ['r0', 'r1']) {
      const stored = after.get(id)!;
      expect(stored.modelVersion).toMatch(/narratives@/);
      expect(stored.analysis.narratives?.status).toBe('ok');
    }
    expect(after.labelsOf('r0').length).toBeGreaterThan(0);
    expect(after.count()).toBe(2);
    after.close();

    expect(reanalyze(db)).toMatch(/2 articles checked, 0 analyses refreshed/);
    expect(reanalyze(db, '--force')).toMatch(/2 articles checked, 2 analyses refreshed/);
  }, 60_000);

  it('fails with a clear message when the database does not exist', () => {
    const r = spawnSync(process.execPath, [CLI, 'reanalyze', '--db', join(dir, 'missing.db')], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/missing\.db/);
  });
});
