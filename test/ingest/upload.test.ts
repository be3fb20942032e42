/** POST /api/articles with a multipart upload: the file is read from its bytes, and no file is written or read. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SqliteEngine } from '../../src/store/sqlite-engine.js';

const fsCalls = vi.hoisted(() => [] as string[]);
vi.mock('node:fs/promises', async (importOriginal) => {
  const orig = await importOriginal<typeof import('node:fs/promises')>();
  const watched = ['mkdtemp', 'writeFile', 'readFile', 'open', 'stat'] as const;
  const spied = Object.fromEntries(
    watched.map((name) => [name, (...args: unknown[]) => (fsCalls.push(name), (orig[name] as (...a: unknown[]) => unknown)(...args))]),
  );
  return { ...orig, ...spied, default: { ...orig, ...spied } };
});
import { analyzeArticle } from '../../src/pipeline.js';
import { createApp } from '../../src/server/app.js';
import { DEFAULT_LIMITS } from '../../src/server/limits.js';
import type { SqliteStore } from '../../src/store/sqlite.js';
import { tempStore } from '../store/fixtures.js';

const TOKEN = 'example-token';
let store: SqliteStore;
let close: () => void;

beforeEach(() => {
  ({ store, close } = tempStore('narrascope-upload-test-'));
});
afterEach(() => close());

describe('an uploaded file', () => {
  it('is read from memory: stored articles, problems by file and line, and no file opened or written', async () => {
    const app = createApp({
      store: new SqliteEngine(store),
      analyze: (article, o) => analyzeArticle(article, { ...o, annotators: [] }),
      token: TOKEN,
      limits: DEFAULT_LIMITS,
      log: () => {},
    });
    const lines = [
      JSON.stringify({ id: 'u1', title: 'Example upload one', text: 'An invented ferry left on time.' }),
      '{"title": oops',
      JSON.stringify({ id: 'u2', title: 'Example upload two', text: 'An invented tram was late.', url: 'not a url' }),
    ];
    const form = new FormData();
    form.append('file', new File([lines.join('\n')], 'my batch.jsonl'));
    fsCalls.length = 0;
    const res = await app.request('/api/articles', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: form });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { inserted: number; ids: string[]; problems: { item: string; error: string }[]; warnings: { item: string; field: string }[] };
    expect(body.inserted).toBe(2);
    expect(body.ids).toEqual(['u1', 'u2']);
    expect(body.problems).toEqual([{ item: 'my_batch.jsonl', error: expect.stringMatching(/^my_batch\.jsonl:2: invalid JSON: .* \[malformed-record\]$/) }]);
    expect(body.warnings).toEqual([expect.objectContaining({ item: 'my_batch.jsonl:3', field: 'url' })]);
    expect(store.get('u1')!.origin).toEqual({ path: 'my_batch.jsonl', line: 1, format: 'jsonl' });
    expect(fsCalls).toEqual([]);
  });
});
