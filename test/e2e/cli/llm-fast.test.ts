/**
 * With no model configured nothing changes: the default tier is fast, `analyze --json` prints what the
 * pipeline alone gives (timings aside), `--tier fast` and NARRASCOPE_TIER=fast are the same run, and
 * asking for a model tier without a model fails with a message that says what to set. Invented text;
 * spawns dist/cli/main.js.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../../src/cli/ingest.js';
import { readSources } from '../../../src/ingest/index.js';
import { analyzeArticle } from '../../../src/pipeline.js';
import type { Analysis } from '../../../src/schema.js';
import { SqliteStore } from '../../../src/store/sqlite.js';

const CLI = resolve('dist/cli/main.js');
const run = promisify(execFile);

const TEXT =
  'Ferry timetable changes in Lowmere\n\nMayor Elin Varga said the ferry would run twice a day from March. ' +
  'Residents complained that the council never asked them. The opposition called the plan a waste of money.';

/** No language-model setting at all in the environment. */
const bare = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('NARRASCOPE_LLM') && k !== 'NARRASCOPE_TIER'));

const withoutTimings = (a: Analysis) => ({ ...a, timings: {} });

let dir: string;
let file: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'narrascope-llm-fast-'));
  file = join(dir, 'ferry.txt');
  writeFileSync(file, TEXT);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function analyze(args: string[], env: NodeJS.ProcessEnv = bare): Promise<Analysis> {
  const { stdout } = await run(process.execPath, [CLI, 'analyze', '--json', ...args, file], { env });
  return JSON.parse(stdout) as Analysis;
}

describe('no model configured', () => {
  it('analyze prints the pipeline\'s own analysis, and --tier fast or NARRASCOPE_TIER=fast change nothing', async () => {
    let article;
    for await (const item of readSources([file])) if (item.ok) article = item.article;
    const pipeline = withoutTimings(analyzeArticle(article!));
    const plain = await analyze([]);
    expect(withoutTimings(plain)).toEqual(pipeline);
    expect(plain.models.some((m) => m.tier !== undefined)).toBe(false);
    expect(JSON.stringify(plain)).not.toMatch(/"(tier|verified)"/);
    expect(withoutTimings(await analyze(['--tier', 'fast']))).toEqual(pipeline);
    expect(withoutTimings(await analyze([], { ...bare, NARRASCOPE_TIER: 'fast' }))).toEqual(pipeline);
  });

  it('ingest stores fast analyses and asks no model', async () => {
    const db = join(dir, 'c.db');
    const out = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      expect(await runIngest([file], { db, json: true, progress: false })).toBe(0);
    } finally {
      process.stdout.write = out;
    }
    const store = new SqliteStore(db, { mustExist: true });
    const [summary] = store.list();
    expect(store.get(summary.id)!.analysis.models.some((m) => m.tier)).toBe(false);
    store.close();
  });

  it('a model tier without a model fails at once, saying what to set', async () => {
    const failed = await run(process.execPath, [CLI, 'analyze', '--tier', 'hybrid', file], { env: bare }).catch((e: { code: number; stderr: string }) => e);
    expect((failed as { code: number }).code).toBe(2);
    expect((failed as { stderr: string }).stderr).toMatch(/no language model is configured: set NARRASCOPE_LLM_BASE_URL and NARRASCOPE_LLM_MODEL .* or NARRASCOPE_LLM_GGUF/);
    const bad = await run(process.execPath, [CLI, 'analyze', file], { env: { ...bare, NARRASCOPE_TIER: 'turbo' } }).catch((e: { stderr: string }) => e);
    expect((bad as { stderr: string }).stderr).toMatch(/NARRASCOPE_TIER: unknown tier "turbo"/);
  });
});
