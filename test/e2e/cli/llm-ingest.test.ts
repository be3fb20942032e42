/**
 * `ingest --tier llm` stores the model's labels and its answers; a `reanalyze --tier llm` afterwards
 * takes every answer from the store's cache and asks the scripted server nothing; the budget leaves
 * articles to the fast tier. Invented articles; spawns dist/cli/main.js.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../src/store/sqlite.js';
import { json, startScriptedServer, type ScriptedServer } from '../../llm/scripted-server.js';

const CLI = resolve('dist/cli/main.js');
const run = promisify(execFile);
const TOWNS = ['Brackenford', 'Lowmere', 'Ashcombe', 'Tarnholt', 'Wrenbury'];

let dir: string;
let server: ScriptedServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'narrascope-llm-ingest-'));
  TOWNS.forEach((town, i) => writeFileSync(join(dir, `${i}.txt`), `Bridge works in ${town}\n\nThe council of ${town} closed the old bridge for repairs, Mayor Elin Varga said on day ${i}.`));
  server = await startScriptedServer((request) =>
    String(request.body.messages[0].content).includes('propaganda narratives')
      ? json({ domain: 'none', narratives: [], dominant: { narrative: 'Other', subNarrative: 'Other', explanation: '', quotes: [] } })
      : json({ entities: [] }),
  );
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ ...process.env, NARRASCOPE_LLM_BASE_URL: server.url, NARRASCOPE_LLM_MODEL: 'scripted' });

function tierEntries(db: string) {
  const store = new SqliteStore(db, { mustExist: true });
  try {
    return store.list({ limit: 100 }).map((s) => store.get(s.id)!.analysis.models.filter((m) => m.tier));
  } finally {
    store.close();
  }
}

describe('ingest and reanalyze with the llm tier', () => {
  it('stores the answers, and a reanalyze takes them all from the cache', async () => {
    const db = join(dir, 'c.db');
    await run(process.execPath, [CLI, 'ingest', '--tier', 'llm', '--no-progress', '--db', db, ...TOWNS.map((_, i) => join(dir, `${i}.txt`))], { env: env() });
    const asked = server.requests.length;
    const stored = tierEntries(db);
    expect(stored).toHaveLength(5);
    for (const entries of stored) {
      expect(entries.find((m) => m.task === 'narratives')).toMatchObject({ tier: 'llm', cached: false, calls: 1 });
      expect(entries.every((m) => m.error === undefined)).toBe(true);
    }
    expect(asked).toBe(stored.flat().length);

    const { stderr } = await run(process.execPath, [CLI, 'reanalyze', '--tier', 'llm', '--force', '--db', db], { env: env() });
    expect(server.requests.length).toBe(asked);
    expect(stderr).toMatch(new RegExp(`llm tier \\(http:scripted\\): 5 article\\(s\\), 0 sent, ${asked} answer\\(s\\) cached, 0 failed, 0 call\\(s\\)`));
    for (const entries of tierEntries(db)) for (const m of entries) expect(m).toMatchObject({ cached: true, calls: 0 });
  });

  it('leaves the articles over --budget-articles to the fast tier', async () => {
    const db = join(dir, 'budget.db');
    await run(process.execPath, [CLI, 'ingest', '--tier', 'llm', '--budget-articles', '2', '--no-progress', '--db', db, ...TOWNS.map((_, i) => join(dir, `${i}.txt`))], {
      env: { ...env(), NARRASCOPE_LLM_MODEL: 'scripted-budget' },
    });
    const labelled = tierEntries(db).filter((entries) => entries.length > 0);
    expect(labelled).toHaveLength(2);
  });
});
