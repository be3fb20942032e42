/**
 * A crash midway through `reanalyze --tier llm`: from the KILL_AT-th request on, the scripted server
 * holds every request unanswered and the process is SIGKILLed half a second later (requests in flight,
 * answers received before them already cached); then it is run again. Through the server's request log: no article was answered twice for the
 * same task and prompt version (answers received before the crash come from the store's cache), none
 * is missing, and only the requests left unanswered by the crash were sent again. 200 invented articles.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../../src/cli/ingest.js';
import { SqliteStore } from '../../../src/store/sqlite.js';
import { hang, json, startScriptedServer, type RecordedRequest, type ScriptedAnswer, type ScriptedServer } from '../../llm/scripted-server.js';

const CLI = resolve('dist/cli/main.js');
const ARTICLES = 200;
/** The request at which the first run is killed. */
const KILL_AT = 150;

const PLACES = ['Brackenford', 'Lowmere', 'Ashcombe', 'Tarnholt', 'Wrenbury'];

/** An invented article: every one different, each naming its number so the server can tell them apart. */
function article(i: number): string {
  const place = PLACES[i % PLACES.length];
  return `Council meeting in ${place}, report ${i}\n\nThe council of ${place} met for the ${i}th time this year, town number ${i}. ` +
    `Mayor Elin Varga said the ferry timetable would change after complaints from residents of ${place}. ` +
    `The opposition accused the mayor of wasting money on the new ferry.`;
}

const taskOf = (r: RecordedRequest) => (String(r.body?.messages?.[0]?.content).includes('propaganda narratives') ? 'narratives' : 'entities');
const articleOf = (r: RecordedRequest) => Number(/town number (\d+)\b/.exec(String(r.body?.messages?.at(-1)?.content))?.[1]);
const keyOf = (r: RecordedRequest) => `${taskOf(r)}#${articleOf(r)}`;

/** A correct, empty answer for the request's task. */
function answerFor(r: RecordedRequest): ScriptedAnswer {
  return taskOf(r) === 'narratives'
    ? json({ domain: 'none', narratives: [], dominant: { narrative: 'Other', subNarrative: 'Other', explanation: '', quotes: [] } }, { prompt: 300, completion: 40 })
    : json({ entities: [] }, { prompt: 200, completion: 10 });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.on('exit', (code, signal) => done({ code, signal, stderr })));
}

let dir: string;
let db: string;
let server: ScriptedServer;
let child: ChildProcess | undefined;
/** True until the first run has died. */
let firstRun = true;
/** Which requests got an answer (the others were held when the process died). */
const answered = new Set<RecordedRequest>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'narrascope-llm-crash-'));
  db = join(dir, 'corpus.db');
  const jsonl = join(dir, 'articles.jsonl');
  writeFileSync(jsonl, Array.from({ length: ARTICLES }, (_, i) => JSON.stringify({ id: `a${i}`, title: article(i).split('\n')[0], text: article(i).split('\n\n')[1] })).join('\n'));
  const out = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    expect(await runIngest([jsonl], { db, lang: 'en', json: true, progress: false })).toBe(0);
  } finally {
    process.stdout.write = out;
  }
  let killing = false;
  server = await startScriptedServer((request, index) => {
    if (firstRun && index + 1 >= KILL_AT) {
      if (!killing) setTimeout(() => child!.kill('SIGKILL'), 500);
      killing = true;
      return hang();
    }
    answered.add(request);
    return answerFor(request);
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const reanalyze = () =>
  spawn(process.execPath, [CLI, 'reanalyze', '--tier', 'llm', '--provider', 'http', '--db', db], {
    env: { ...process.env, NARRASCOPE_LLM_BASE_URL: server.url, NARRASCOPE_LLM_MODEL: 'scripted', NARRASCOPE_TIER: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });

describe('reanalyze --tier llm, killed midway and run again', () => {
  it('asks for no answer twice and leaves no article out', async () => {
    child = reanalyze();
    const first = await exited(child);
    firstRun = false;
    expect(first.signal).toBe('SIGKILL');
    const firstCount = server.requests.length;
    expect(firstCount).toBeGreaterThanOrEqual(KILL_AT);

    child = reanalyze();
    const second = await exited(child);
    expect(second.code, second.stderr).toBe(0);

    const chats = server.requests.filter((r) => r.path.endsWith('/chat/completions'));
    const answeredKeys = chats.filter((r) => answered.has(r)).map(keyOf);
    // No (task, article) answered twice: what the first run received came from the cache.
    expect(answeredKeys.length).toBe(new Set(answeredKeys).size);
    // Only what the crash left unanswered was sent again, and it was answered in the second run.
    const held = chats.slice(0, firstCount).filter((r) => !answered.has(r)).map(keyOf);
    expect(held.length).toBeGreaterThan(0);
    const secondKeys = chats.slice(firstCount).map(keyOf);
    const firstAnswered = new Set(chats.slice(0, firstCount).filter((r) => answered.has(r)).map(keyOf));
    for (const k of secondKeys) expect(firstAnswered.has(k), k).toBe(false);
    for (const k of held) expect(secondKeys).toContain(k);

    // None missing: every stored article carries the model tier's narratives, and every tier entry was answered once.
    const store = new SqliteStore(db, { mustExist: true });
    try {
      const entries: string[] = [];
      for (let i = 0; i < ARTICLES; i++) {
        const stored = store.get(`a${i}`)!;
        const tiers = stored.analysis.models.filter((m) => m.tier === 'llm');
        expect(tiers.map((m) => m.task), `a${i}`).toContain('narratives');
        for (const m of tiers) {
          expect(m.error, `a${i} ${m.task}`).toBeUndefined();
          entries.push(`${m.task}#${i}`);
        }
        expect(stored.analysis.narratives!.narratives).toEqual([]);
      }
      expect(new Set(answeredKeys)).toEqual(new Set(entries));
      expect(store.checkConsistency()).toEqual([]);
    } finally {
      store.close();
    }
    expect(second.stderr).toMatch(/llm tier \(http:scripted\): 200 article\(s\), \d+ sent, \d+ answer\(s\) cached, 0 failed/);
  }, 180_000);
});
