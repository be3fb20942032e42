/**
 * `narrascope export`: the API's export writers from the command line, to a file or stdout, with the
 * list filters; a bad filter names its option and creates no file. Uses the invented fixture corpus.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SqliteEngine } from '../../src/store/sqlite-engine.js';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runExport } from '../../src/cli/export.js';
import { EXPORT_FORMATS } from '../../src/export/formats.js';
import { createApp } from '../../src/server/app.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { FIXTURE_SPECS, fixtureDatabase } from '../server/fixtures.js';

let db: ReturnType<typeof fixtureDatabase>;
let err: string[];
beforeAll(() => {
  db = fixtureDatabase();
});
afterAll(() => db.cleanup());
beforeEach(() => {
  err = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

const outFile = (name: string) => join(dirname(db.path), name);

/** The API's answer for the same export, to compare with the command's file. */
async function apiExport(query: string): Promise<string> {
  const store = new SqliteStore(db.path);
  try {
    const app = createApp({ store: new SqliteEngine(store), analyze: () => { throw new Error('not used'); }, limits: { jsonBytes: 1024, uploadBytes: 1024 }, log: () => {} });
    const res = await app.request(`/api/export?${query}`);
    expect(res.status).toBe(200);
    return await res.text();
  } finally {
    store.close();
  }
}

describe('narrascope export', () => {
  it('writes CSV to --out with one row per article and reports the count on stderr', async () => {
    const out = outFile('all.csv');
    await runExport({ db: db.path, format: 'csv', out });
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.id).sort()).toEqual(FIXTURE_SPECS.map((s) => s.id).sort());
    expect(err.join('')).toBe(`${FIXTURE_SPECS.length} article(s) exported to ${out}\n`);
  });

  it('applies the list filters (--source) to JSONL', async () => {
    const out = outFile('blog.jsonl');
    await runExport({ db: db.path, format: 'jsonl', out, source: 'example-blog.test' });
    const ids = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l).id);
    expect(ids.sort()).toEqual(FIXTURE_SPECS.filter((s) => s.source === 'example-blog.test').map((s) => s.id).sort());
  });

  it.each(EXPORT_FORMATS)('writes the same %s file as GET /api/export', async (format) => {
    const out = outFile(`same.${format}`);
    await runExport({ db: db.path, format, out, limit: 3 });
    expect(readFileSync(out, 'utf8')).toBe(await apiExport(`format=${format}&limit=3`));
  });

  it('names the option of a bad filter and creates no file', async () => {
    const out = outFile('never.jsonl');
    await expect(runExport({ db: db.path, format: 'jsonl', out, from: '3 March' })).rejects.toThrow(/^--from: .*YYYY-MM-DD/);
    expect(existsSync(out)).toBe(false);
  });

  it('says where it looked when there is no database', async () => {
    await expect(runExport({ db: outFile('missing.db'), format: 'jsonl' })).rejects.toThrow(/no database at .*missing\.db/);
    expect(existsSync(outFile('missing.db'))).toBe(false);
  });
});
