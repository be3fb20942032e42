/**
 * Distillation: `train narratives --from-store` trains the fast tier on the narratives a language model
 * gave a stored corpus, with the cross-validated report. The corpus is invented (two kinds of article)
 * and labelled through the tier with a scripted provider object; spawns dist/cli/main.js.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../../src/doc/article.js';
import { memoryCache } from '../../../src/llm/cache.js';
import type { ChatRequest, LlmProvider } from '../../../src/llm/provider.js';
import { TierRunner } from '../../../src/llm/tier.js';
import { analyzeArticle } from '../../../src/pipeline.js';
import { modelLabelled } from '../../../src/llm/distill.js';
import { SqliteStore } from '../../../src/store/sqlite.js';

const CLI = resolve('dist/cli/main.js');
const run = promisify(execFile);

const NARRATIVE = 'URW: Discrediting the West, Diplomacy';
const TOWNS = ['Brackenford', 'Lowmere', 'Ashcombe', 'Tarnholt', 'Wrenbury', 'Quillon', 'Marrowby', 'Eskerby'];

/** Half the articles say sanctions ruin Europe (the model labels them), half are about gardens (Other). */
function text(i: number): string {
  const town = TOWNS[i % TOWNS.length];
  return i % 2 === 0
    ? `Sanctions ruin ${town}, report ${i}\n\nFarmers in ${town} say the sanctions on Moscow ruin Europe while Brussels ignores them, day ${i}. Diplomats in the West only care about their own interests.`
    : `Garden show in ${town}, report ${i}\n\nThe garden club of ${town} showed roses and tulips on day ${i}. Visitors admired the greenhouse and the apple trees.`;
}

const provider: LlmProvider = {
  kind: 'scripted',
  modelId: 'scripted:distill',
  remote: false,
  async chat(request: ChatRequest) {
    const user = String(request.messages.at(-1)!.content);
    const sanctions = user.includes('Sanctions ruin');
    // Entities: every one listed gets the role its kind of article gives it.
    const listed = user.slice(user.indexOf('Entities:\n'), user.indexOf('<article>'));
    const names = [...listed.matchAll(/^- (.+)$/gm)].map((m) => m[1]);
    const roles = sanctions ? { mainRole: 'Antagonist', fineRoles: ['Corrupt'] } : { mainRole: 'Protagonist', fineRoles: ['Virtuous'] };
    const json = request.schemaName === 'entities'
      ? { entities: names.map((name) => ({ name, ...roles, quotes: [] })) }
      : sanctions
      ? { domain: 'URW', narratives: [{ narrative: NARRATIVE, quotes: ['the sanctions on Moscow ruin Europe'], subNarratives: [] }], dominant: { narrative: NARRATIVE, subNarrative: 'Other', explanation: 'It says sanctions hurt Europe.', quotes: [] } }
      : { domain: 'none', narratives: [], dominant: { narrative: 'Other', subNarrative: 'Other', explanation: '', quotes: [] } };
    return { json, text: JSON.stringify(json), usage: { promptTokens: 10, completionTokens: 5 }, ms: 1, calls: 1 };
  },
  async close() {},
};

let dir: string;
let db: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'narrascope-distill-test-'));
  db = join(dir, 'c.db');
  const items = Array.from({ length: 60 }, (_, i) => {
    const article = createArticle({ id: `d${i}`, raw: text(i), origin: { format: 'text' } });
    return { article, analysis: analyzeArticle(article, { language: 'en' }) };
  });
  await new TierRunner({ tier: 'llm', provider, cache: memoryCache() }).apply(items);
  expect(items.every((x) => modelLabelled(x.analysis, 'narratives'))).toBe(true);
  expect(items.filter((x) => modelLabelled(x.analysis, 'entities')).length).toBeGreaterThanOrEqual(20);
  const store = new SqliteStore(db);
  store.putBatch(items);
  store.close();
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('train narratives --from-store', () => {
  it('trains a fast model on the language model\'s labels, with the cross-validated report', async () => {
    const out = join(dir, 'models');
    const { stdout, stderr } = await run(process.execPath, [CLI, 'train', 'narratives', '--from-store', '--with-model-labels', '--db', db, '--out', out, '--cv', '3', '--seed', '7'], { timeout: 600_000 });
    expect(stdout).toMatch(/^EN\tF1@coarse (\d\.\d{3}) \(\d\.\d{3}\)\tF1@fine \d\.\d{3}/);
    const coarse = Number(/F1@coarse (\d\.\d{3})/.exec(stdout)![1]);
    expect(coarse).toBeGreaterThan(0.8);
    expect(stderr).toContain('EN: ');
    expect(stderr).toContain('from 60 article(s) labelled by a language model');
    expect(existsSync(join(out, 'EN.nscm'))).toBe(true);
    // The distilled model labels new articles as the language model did.
    writeFileSync(join(dir, 'new-sanctions.txt'), text(100));
    writeFileSync(join(dir, 'new-garden.txt'), text(101));
    const predicted = await run(process.execPath, [CLI, 'predict', 'narratives', '--models', out, '--lang', 'en', join(dir, 'new-sanctions.txt'), join(dir, 'new-garden.txt')]);
    expect(predicted.stdout).toContain(`new-sanctions.txt\t${NARRATIVE}\t`);
    expect(predicted.stdout).toContain('new-garden.txt\tOther\tOther');
  }, 600_000);

  it('says so when no stored article was labelled by a language model', async () => {
    const fastOnly = join(dir, 'fast.db');
    const store = new SqliteStore(fastOnly);
    const article = createArticle({ id: 'f', raw: text(0), origin: { format: 'text' } });
    store.putBatch([{ article, analysis: analyzeArticle(article) }]);
    store.close();
    const failed = await run(process.execPath, [CLI, 'train', 'narratives', '--from-store', '--with-model-labels', '--db', fastOnly, '--out', join(dir, 'none')]).catch((e: { stderr: string }) => e);
    expect((failed as { stderr: string }).stderr).toContain('no stored article has narratives from a language model');
  });

  it('trains the entity-role model on the roles the language model gave', async () => {
    const out = join(dir, 'entity-models');
    const { stderr } = await run(process.execPath, [CLI, 'train', 'entities', '--from-store', '--with-model-labels', '--db', db, '--out', out, '--seed', '7', '--cv', '3'], { timeout: 600_000 });
    expect(stderr).toMatch(/EN: \S+EN\.nscm from \d+ article\(s\) labelled by a language model/);
    expect(existsSync(join(out, 'EN.nscm'))).toBe(true);
  }, 600_000);
});
