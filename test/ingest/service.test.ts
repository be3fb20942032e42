/** The ingest service shared by the CLI, the API and the demo loader: dedupe, claims, batches, per-item problems, sync and async analysis. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteEngine } from '../../src/store/sqlite-engine.js';
import { createArticle, type Article } from '../../src/doc/article.js';
import { ingest, type IngestEvent, type IngestInput } from '../../src/ingest/service.js';
import type { ReadItem } from '../../src/ingest/types.js';
import { analyzeArticle } from '../../src/pipeline.js';
import type { SqliteStore } from '../../src/store/sqlite.js';
import { tempStore } from '../store/fixtures.js';

let store: SqliteStore;
let close: () => void;
beforeEach(() => {
  ({ store, close } = tempStore('narrascope-service-'));
});
afterEach(() => close());

const PLACES = ['Lindenvik', 'Port Amsel', 'Kerrowdale', 'Tamberg', 'Sundby', 'Villa Serena'];
/** Invented article number `i`, from the file `a<i>.txt`. */
const article = (i: number): Article =>
  createArticle({ raw: `Example ${i}: ${PLACES[i % 6]} opens a ferry line\n\nIn this invented example, ferry ${i} left on time.`, id: `a${i}`, origin: { path: `a${i}.txt`, format: 'text' } });
const read = (i: number): ReadItem => ({ ok: true, article: article(i) });
const bad: ReadItem = { ok: false, problem: { path: 'bad.jsonl', line: 4, reason: 'malformed-record', message: 'invalid JSON' } };

/** Analyses without task models, counting which articles were analysed. */
function counting() {
  const analysed: string[] = [];
  return { analysed, analyse: (a: Article) => (analysed.push(a.id), analyzeArticle(a, { annotators: [] })) };
}

async function run(inputs: IngestInput[], options: Partial<Parameters<typeof ingest>[1]> = {}) {
  const events: IngestEvent[] = [];
  const { analyse, analysed } = counting();
  const result = await ingest(inputs, { store: new SqliteEngine(store), analyse, onEvent: (e) => events.push(e), ...options });
  return { result, events, analysed, of: <K extends IngestEvent['kind']>(kind: K) => events.filter((e): e is Extract<IngestEvent, { kind: K }> => e.kind === kind) };
}

describe('ingest', () => {
  it('analyses each new article once: repeats in the input and stored articles are skipped before analysis', async () => {
    store.putBatch([{ article: article(1), analysis: analyzeArticle(article(1), { annotators: [] }) }]);
    const { result, analysed } = await run([read(1), read(2), read(2), read(3)]);
    expect(analysed).toEqual(['a2', 'a3']);
    expect(result).toMatchObject({ read: 4, inserted: 2, alreadyPresent: 2, claimedElsewhere: 0, analysed: 2, pending: 0, interrupted: false });
    expect(store.count()).toBe(3);
  });

  it('stores one transaction per batch', async () => {
    const { of } = await run([1, 2, 3, 4, 5].map(read), { batchSize: 2 });
    expect(of('committed').map((e) => e.result.ids)).toEqual([['a1', 'a2'], ['a3', 'a4'], ['a5']]);
  });

  it('reports reader problems and warnings per item, counted by reason, and goes on', async () => {
    const warning = { path: 'a2.txt', field: 'published_at', reason: 'invalid-date' as const, message: 'field "published_at" left out: not a date' };
    const { result, of } = await run([read(1), bad, { ok: true, article: article(2), warnings: [warning] }]);
    expect(result).toMatchObject({ read: 2, inserted: 2, skipped: { 'malformed-record': 1 }, warnings: { 'invalid-date': 1 } });
    expect(of('problem').map((e) => e.problem)).toEqual([bad.ok ? null : bad.problem]);
    expect(of('warning')).toEqual([{ kind: 'warning', item: 'a2.txt', warning }]);
  });

  it('skips an article holding a NUL character as a problem naming its file and line, before analysis, and stores the others', async () => {
    const nul: ReadItem = { ok: true, article: createArticle({ raw: 'Example with a stray\u0000 byte\n\nAn invented line.', id: 'z1', origin: { path: 'feed.jsonl', line: 7, format: 'jsonl' } }) };
    const { result, analysed, of } = await run([read(1), nul, read(2)]);
    expect(analysed).toEqual(['a1', 'a2']);
    expect(result).toMatchObject({ read: 2, inserted: 2, skipped: { binary: 1 } });
    expect(of('problem').map((e) => e.problem)).toEqual([{ path: 'feed.jsonl', line: 7, reason: 'binary', message: 'the text holds a NUL character (U+0000), which no article has; skipped' }]);
  });

  it('skips an article whose analysis fails, naming it by file and line, and stores the others', async () => {
    const located = { ok: true as const, article: createArticle({ raw: 'Example feed item\n\nInvented.', origin: { path: 'feed.jsonl', line: 7, format: 'jsonl' } }) };
    const analyse = (a: Article) => {
      if (a.origin.line === 7) throw new Error('example failure');
      return analyzeArticle(a, { annotators: [] });
    };
    const { result, of } = await run([read(1), located, read(2)], { analyse });
    expect(of('analysis-failed')).toEqual([{ kind: 'analysis-failed', item: 'feed.jsonl:7', message: 'example failure' }]);
    expect(result).toMatchObject({ inserted: 2, skipped: { 'analysis-failed': 1 } });
  });

  it('takes an async analysis; an error chosen by stopOn stops it, stores what was analysed and names the rest', async () => {
    let calls = 0;
    const busy = new Error('queue full');
    const analyse = async (a: Article, o: { language?: string }) => {
      if (++calls === 3) throw busy;
      await new Promise((r) => setTimeout(r, 1));
      return analyzeArticle(a, { ...o, annotators: [] });
    };
    const inputs: IngestInput[] = [read(1), { ...read(2), language: 'en' }, { ...read(3), item: 'articles[2]' }, read(4), read(1)];
    const { result, of } = await run(inputs, { analyse, stopOn: (err) => err === busy, batchSize: Infinity });
    expect(result.stoppedBy).toBe(busy);
    expect(result).toMatchObject({ inserted: 2, analysed: 2 });
    expect(of('not-analysed').map((e) => e.item)).toEqual(['articles[2]', 'a4.txt', 'a1.txt']);
    expect(store.get('a2')!.language).toBe('en');
  });

  it('leaves an article claimed by another run to it, and releases its own claims at the end', async () => {
    expect(store.claim(article(2).hash, 'other-run')).toBe('claimed');
    const { result, analysed } = await run([read(1), read(2)], { claims: { owner: 'this-run' } });
    expect(analysed).toEqual(['a1']);
    expect(result).toMatchObject({ inserted: 1, claimedElsewhere: 1 });
    // A failed analysis keeps its claim until the run ends; then it is free for another run.
    const failing = () => {
      throw new Error('example failure');
    };
    await run([read(3)], { claims: { owner: 'this-run' }, analyse: failing });
    expect(store.claim(article(3).hash, 'third-run')).toBe('claimed');
  });

  it('stops reading when told to and commits what it analysed', async () => {
    let steps = 0;
    const { result } = await run([1, 2, 3, 4].map(read), { shouldStop: () => ++steps === 2 });
    expect(result).toMatchObject({ interrupted: true, read: 2, inserted: 2 });
    expect(store.count()).toBe(2);
  });
});
