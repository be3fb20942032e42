/**
 * Issue 17, must-show 3: a corpus of invented articles about the invented town of Gullhaven, with a
 * three-narrative taxonomy of its own (tram, harbour, bakery), ingested with the CLI and approved
 * through the store's annotations API; `train narratives --from-store --taxonomy` cross-validates,
 * installs the model in the user's folder, `analyze` labels new invented articles in that taxonomy,
 * `models list` shows it and the shipped one it replaced, and `models rollback` restores the shipped one.
 * Spawns dist/cli/main.js with HOME in a temporary folder.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnnotationInput } from '../../../src/store/annotations.js';
import { SqliteEngine } from '../../../src/store/sqlite-engine.js';
import { labelLists, TaxonomyFileSchema } from '../../../src/taxonomy/file.js';
import { BAKERY, HARBOUR, TOWN_TAXONOMY, TRAM } from '../../taxonomy/fixture.js';
import { labelsOf, townArticle, type TownTopic } from '../../taxonomy/town-articles.js';

const CLI = resolve('dist/cli/main.js');
const exec = promisify(execFile);
const ARTICLES = 50;

let dir: string;
let db: string;
let taxonomy: string;
let env: NodeJS.ProcessEnv;

const run = (args: string[]) => exec(process.execPath, [CLI, ...args], { env, timeout: 600_000, maxBuffer: 64 << 20 });

/** The decisions an analyst makes on an article: reject what the model gave, add the town labels (or accept "Other"). */
function decisionsFor(topic: TownTopic, modelLabels: readonly string[]): AnnotationInput[] {
  const want = labelsOf(topic);
  const rejects = modelLabels.map((label): AnnotationInput => ({ task: 'narratives', label, decision: 'reject' }));
  const adds = [...want.narratives, ...want.subNarratives].map((label): AnnotationInput => ({ task: 'narratives', label, decision: 'add' }));
  return [...rejects, ...adds, ...(adds.length ? [] : [{ task: 'narratives', label: 'Other', decision: 'accept' } as AnnotationInput])];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'narrascope-town-'));
  env = { ...process.env, HOME: join(dir, 'home'), NARRASCOPE_MODELS: undefined, NARRASCOPE_TAXONOMY: undefined, NARRASCOPE_DB: undefined };
  db = join(dir, 'town.db');
  taxonomy = join(dir, 'gullhaven.json');
  writeFileSync(taxonomy, JSON.stringify(TOWN_TAXONOMY, null, 2));
  mkdirSync(join(dir, 'corpus'));
  const topics = new Map<string, TownTopic>();
  for (let i = 0; i < ARTICLES; i++) {
    const { topic, text } = townArticle(i);
    writeFileSync(join(dir, 'corpus', `town-${i}.txt`), text);
    topics.set(`town-${i}.txt`, topic);
  }
  await run(['ingest', join(dir, 'corpus'), '--db', db]);
  const engine = new SqliteEngine(db);
  try {
    let approved = 0;
    for await (const r of engine.exportRecords({})) {
      const topic = topics.get(basename(r.origin.path ?? ''))!;
      const modelLabels = r.analysis.narratives?.status === 'ok' ? [...r.analysis.narratives.narratives.map((n) => n.label), ...r.analysis.narratives.subNarratives.map((s) => s.label)] : [];
      await engine.annotations.annotate({ articleId: r.id, author: 'ana', decisions: decisionsFor(topic, modelLabels) });
      approved++;
    }
    expect(approved).toBe(ARTICLES);
  } finally {
    await engine.close();
  }
}, 600_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The narratives `analyze --json` gives new invented articles (seed 2: other wording than the training ones). */
async function analyzeNew(): Promise<Map<TownTopic, string[][]>> {
  const folder = join(dir, 'new');
  mkdirSync(folder, { recursive: true });
  const byTopic = new Map<TownTopic, string[][]>();
  const files: [string, TownTopic][] = [];
  for (let i = 100; i < 115; i++) {
    const { topic, text } = townArticle(i, 2);
    writeFileSync(join(folder, `new-${i}.txt`), text);
    files.push([`new-${i}.txt`, topic]);
  }
  const { stdout } = await run(['analyze', folder, '--json', '--lang', 'en']);
  const analyses = stdout.trim().split('\n').map((l) => JSON.parse(l));
  for (const a of analyses) {
    const topic = files.find(([f]) => a.source?.path?.endsWith(f) || a.id?.endsWith(f) || JSON.stringify(a).includes(f))![1];
    const list = byTopic.get(topic) ?? [];
    list.push(a.narratives.narratives.map((n: { label: string }) => n.label));
    byTopic.set(topic, list);
  }
  return byTopic;
}

describe('a custom three-narrative taxonomy learnt from the store', () => {
  it('trains on the approved labels, prints cross-validated scores, installs, and labels new articles in that taxonomy', async () => {
    const { stdout, stderr } = await run(['train', 'narratives', '--from-store', '--db', db, '--taxonomy', taxonomy]);
    const fresh = /^EN\tF1@coarse (\d\.\d{3}) \((\d\.\d{3})\)\tF1@fine (\d\.\d{3}) \(\d\.\d{3}\)\tnew model, 5-fold CV over seeds 42,43,44 on 50 approved article\(s\)$/m.exec(stdout);
    expect(fresh, stdout).not.toBeNull();
    expect(Number(fresh![1])).toBeGreaterThan(0.8);
    // The shipped SemEval model knows none of the town's labels.
    const before = /^EN\tF1@coarse (\d\.\d{3}) \(0\.000\)\tF1@fine \d\.\d{3} \(0\.000\)\tinstalled model \S+ on the same 50 article\(s\)$/m.exec(stdout);
    expect(before, stdout).not.toBeNull();
    expect(Number(before![1])).toBeLessThan(Number(fresh![1]));
    expect(stderr).toContain('EN: installed (better than the installed one');

    const labels = await analyzeNew();
    for (const got of labels.get('tramCosts')!) expect(got).toEqual([TRAM]);
    for (const got of labels.get('harbour')!) expect(got).toEqual([HARBOUR]);
    for (const got of labels.get('bakery')!) expect(got).toEqual([BAKERY]);
    for (const got of labels.get('plain')!) expect(got).toEqual([]);
  }, 600_000);

  it('lists the installed model with its scores and the shipped one kept, and rolls back to it', async () => {
    const { stdout } = await run(['models', 'list', '--task', 'narratives']);
    expect(stdout).toMatch(/^narratives\tEN\ttrained \d{4}-\d\d-\d\d \d\d:\d\d \(EN-s13\), F1@coarse \d\.\d{3} ± \d\.\d{3}, F1@fine .*5-fold CV, seeds 42,43,44, 50 articles\), trained on 50 approved, taxonomy gullhaven-debates 1$/m);
    expect(stdout).toMatch(/^\t\tprevious: shipped model/m);
    expect(stdout).toMatch(/^narratives\tBG\tshipped model$/m);

    const { stderr } = await run(['models', 'rollback', 'narratives', '--lang', 'en']);
    expect(stderr).toContain('narratives EN: now shipped model');
    const after = await analyzeNew();
    const all = [...after.values()].flat(2);
    expect(all.some((l) => l.startsWith('GH: '))).toBe(false);
    // Rolling back again restores the town model.
    await run(['models', 'rollback', 'narratives']);
    expect((await analyzeNew()).get('harbour')![0]).toEqual([HARBOUR]);
  }, 600_000);

  it('does not install a model that is not better, unless forced', async () => {
    const { stdout, stderr } = await run(['train', 'narratives', '--from-store', '--db', db, '--taxonomy', taxonomy, '--cv', '3']);
    // The installed model was trained from this store, so it has seen these articles: it is compared by its own cross-validated score.
    expect(stdout).toMatch(/^EN\tF1@coarse \d\.\d{3} \(\d\.\d{3}\)\tF1@fine \d\.\d{3} \(\d\.\d{3}\)\tinstalled model EN-s13: its 5-fold CV, seeds 42,43,44 when trained from this store \(50 articles; it has seen these\)$/m);
    expect(stderr).toMatch(/EN: not installed: the new model \(\d\.\d{3}, mean of coarse and fine F1\) is not better than the installed one \(\d\.\d{3}\); --force installs it anyway/);
    const forced = await run(['train', 'narratives', '--from-store', '--db', db, '--taxonomy', taxonomy, '--cv', '3', '--force']);
    expect(forced.stderr).toContain('EN: installed (forced)');
  }, 600_000);

  it('exports the approved labels in the subtask-2 format, which the official scorer reads', async () => {
    const gold = join(dir, 'approved.txt');
    const { stderr } = await run(['export', '--approved', '--format', 'semeval-subtask2', '--db', db, '--out', gold]);
    expect(stderr).toContain(`${ARTICLES} article(s) exported`);
    const rows = readFileSync(gold, 'utf8').trim().split('\n');
    expect(rows).toHaveLength(ARTICLES);
    expect(rows).toContain(`town-2.txt\t${HARBOUR}\t${HARBOUR}: Fishing crews pushed out`);
    expect(rows).toContain('town-4.txt\tOther\tOther');
    const pred = join(dir, 'predicted.txt');
    writeFileSync(pred, (await run(['predict', 'narratives', join(dir, 'corpus'), '--lang', 'en'])).stdout);
    // The scorer reads the taxonomy file, or the label lists as SemEval ships them.
    const scored = await run(['eval', 'narratives', '--gold', gold, '--pred', pred, '--taxonomy', taxonomy]);
    expect(scored.stdout).toMatch(/^F1@coarse: (0\.9\d\d|1\.000) \(\d\.\d{3}\)\nF1@fine: \d\.\d{3} \(\d\.\d{3}\)\narticles: 50\n$/);
    const lists = join(dir, 'lists');
    mkdirSync(lists, { recursive: true });
    const t = labelLists(TaxonomyFileSchema.parse(TOWN_TAXONOMY));
    writeFileSync(join(lists, 'subtask2_narratives.txt'), `${t.narratives.join('\n')}\n`);
    writeFileSync(join(lists, 'subtask2_subnarratives.txt'), `${t.subNarratives.join('\n')}\n`);
    expect((await run(['eval', 'narratives', '--gold', gold, '--pred', pred, '--taxonomy', lists])).stdout).toBe(scored.stdout);
    const csv = await run(['export', '--approved', '--format', 'csv', '--db', db]).catch((e: { stderr: string }) => e);
    expect((csv as { stderr: string }).stderr).toContain('--approved: --format csv has no approved export (one of: jsonl, semeval-subtask2, semeval-subtask1, semeval-spans)');
  }, 600_000);

  it('names a bad taxonomy file and the JSON path', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...TOWN_TAXONOMY, domains: [{ ...TOWN_TAXONOMY.domains[0], code: 'gh' }] }));
    const failed = await run(['train', 'narratives', '--from-store', '--db', db, '--taxonomy', bad]).catch((e: { stderr: string; code: number }) => e);
    expect((failed as { code: number }).code).not.toBe(0);
    expect((failed as { stderr: string }).stderr).toContain(`${bad}: $.domains[0].code: must be 1–16 capital letters`);
  });
});
