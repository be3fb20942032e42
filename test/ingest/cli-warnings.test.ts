/** `narrascope analyze` and `ingest` print a warning for each field a reader left out, and count them in the summary. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runAnalyze } from '../../src/cli/analyze.js';
import { runIngest } from '../../src/cli/ingest.js';
import { tempFolder } from './helpers.js';

let t: Awaited<ReturnType<typeof tempFolder>>;
let out: string[];
let err: string[];
beforeEach(async () => {
  t = await tempFolder();
  out = [];
  err = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await t.cleanup();
});

const records = [
  { id: 'w1', title: 'An invented headline', text: 'An invented sentence about a harbour that reopened after repairs.', publishedAt: 'not a date' },
  { id: 'w2', title: 'Another invented headline', text: 'An invented sentence about a library that extended its hours.', published_at: '2026-03-01', url: 'javascript:alert(1)' },
];

describe('warnings for left-out fields on the command line', () => {
  it('analyze prints each warning with file, line and field, and counts them in the summary', async () => {
    const path = await t.write('in.jsonl', records.map((r) => JSON.stringify(r)).join('\n'));
    expect(await runAnalyze([path], { json: true })).toBe(0);
    const stderr = err.join('');
    expect(stderr).toContain(`warning ${path}:1: field "publishedAt" left out: "not a date" is not a date`);
    expect(stderr).toContain(`warning ${path}:2: field "url" left out: URL scheme "javascript:" is not allowed (http or https only) [invalid-url]\n`);
    expect(stderr).toContain('2 analysed, 0 skipped, 2 warning(s) (1 invalid-date, 1 invalid-url)');
    const analyses = out.join('').trim().split('\n').map((l) => JSON.parse(l) as { article: { id: string } });
    expect(analyses.map((a) => a.article.id)).toEqual(['w1', 'w2']);
    expect(out.join('')).not.toContain('javascript:');
  });

  it('ingest prints the warnings and reports them in the summary', async () => {
    const path = await t.write('in.jsonl', records.map((r) => JSON.stringify(r)).join('\n'));
    expect(await runIngest([path], { db: `${t.dir}/x.db`, json: true, progress: false })).toBe(0);
    const summary = JSON.parse(out.join('').trim().split('\n').pop()!) as { inserted: number; warnings: Record<string, number> };
    expect(summary).toMatchObject({ inserted: 2, warnings: { 'invalid-date': 1, 'invalid-url': 1 } });
    expect(err.join('')).toContain(`warning ${path}:1: field "publishedAt" left out`);
  });
});
