/** `ingest --workers`: the service's batch mode (batches sent while reading goes on, stored in input order, failures per article, interrupts) and one batch as an analysis thread runs it (the same analyses as in this thread, corpus names sent along). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArticle, type Article } from '../../src/doc/article.js';
import { CorpusNames } from '../../src/cli/corpus-names.js';
import { analyseIngestBatch } from '../../src/ingest/parallel-batch.js';
import { ingest, type AnalyseBatch, type BatchOutcome, type IngestEvent, type IngestInput } from '../../src/ingest/service.js';
import { analyzeArticle, batchAnalyser } from '../../src/pipeline.js';
import type { Analysis } from '../../src/schema.js';
import { SqliteEngine } from '../../src/store/sqlite-engine.js';
import type { SqliteStore } from '../../src/store/sqlite.js';
import { tasksWithNames } from '../../src/tasks/registry.js';
import { tempStore } from '../store/fixtures.js';
import { inventedStory } from '../store/invented-text.js';

const TOWNS = ['Lindenvik', 'Port Amsel', 'Tamberg', 'Kerrowdale'];
/** Invented article number `i`, from the file `p<i>.txt`. */
const article = (i: number): Article =>
  createArticle({ raw: `Ferry ${i} leaves ${TOWNS[i % 4]}\n\nIn this invented example, ferry number ${i} left ${TOWNS[i % 4]} on time.`, id: `p${i}`, origin: { path: `p${i}.txt`, format: 'text' } });
const read = (i: number): IngestInput => ({ ok: true, article: article(i) });

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A batch analysis as the threads give it, without task models: each batch resolves after a delay that
 * shrinks batch by batch (so later batches finish first); records the batches and how many ran at once.
 */
function slowBatches(failing: readonly string[] = []) {
  const state = { sent: [] as string[][], running: 0, mostAtOnce: 0 };
  const run: AnalyseBatch = async (inputs) => {
    state.sent.push(inputs.map((i) => i.article.id));
    state.mostAtOnce = Math.max(state.mostAtOnce, ++state.running);
    await wait(Math.max(0, 40 - 10 * state.sent.length));
    state.running--;
    return inputs.map(({ article: a }): BatchOutcome => (failing.includes(a.id) ? { error: `cannot read ${a.id}` } : { analysis: analyzeArticle(a, { annotators: [] }) }));
  };
  return { state, run };
}

let store: SqliteStore;
let close: () => void;
beforeEach(() => {
  ({ store, close } = tempStore('narrascope-parallel-'));
});
afterEach(() => close());

async function run(inputs: IngestInput[], run: AnalyseBatch, options: Partial<Parameters<typeof ingest>[1]> = {}) {
  const events: IngestEvent[] = [];
  const result = await ingest(inputs, { store: new SqliteEngine(store), analyseBatch: { run, inFlight: 2 }, batchSize: 3, onEvent: (e) => events.push(e), ...options });
  return { result, of: <K extends IngestEvent['kind']>(kind: K) => events.filter((e): e is Extract<IngestEvent, { kind: K }> => e.kind === kind) };
}

describe('ingest with analyseBatch', () => {
  it('stores each batch as it was sent, in input order, though later batches finish first, with at most inFlight batches out', async () => {
    const { state, run: slow } = slowBatches();
    const { result, of } = await run([1, 2, 3, 4, 5, 6, 7, 8].map(read), slow);
    expect(state.sent).toEqual([['p1', 'p2', 'p3'], ['p4', 'p5', 'p6'], ['p7', 'p8']]);
    expect(of('committed').map((e) => e.result.ids)).toEqual(state.sent);
    expect(state.mostAtOnce).toBe(2);
    expect(result).toMatchObject({ read: 8, inserted: 8, analysed: 8, pending: 0, interrupted: false });
    expect(store.list({ limit: 10 }).map((a) => a.id)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8']);
  });

  it('reports an article whose analysis failed by name and stores the rest of its batch', async () => {
    const { run: slow } = slowBatches(['p2']);
    const { result, of } = await run([1, 2, 3, 4].map(read), slow);
    expect(of('analysis-failed')).toEqual([{ kind: 'analysis-failed', item: 'p2.txt', message: 'cannot read p2' }]);
    expect(result).toMatchObject({ inserted: 3, skipped: { 'analysis-failed': 1 } });
    expect(store.hasHash(article(2).hash)).toBe(false);
  });

  it('reports every article of a batch whose analysis failed as a whole, and goes on with the next batch', async () => {
    let calls = 0;
    const flaky: AnalyseBatch = async (inputs) => {
      if (calls++ === 0) throw new Error('the analysis thread stopped');
      return inputs.map(({ article: a }) => ({ analysis: analyzeArticle(a, { annotators: [] }) }));
    };
    const { result, of } = await run([1, 2, 3, 4, 5].map(read), flaky);
    expect(of('analysis-failed').map((e) => `${e.item}: ${e.message}`)).toEqual(['p1.txt: the analysis thread stopped', 'p2.txt: the analysis thread stopped', 'p3.txt: the analysis thread stopped']);
    expect(result).toMatchObject({ inserted: 2, skipped: { 'analysis-failed': 3 } });
  });

  it('sends a repeated article once, and stores what was read when stopped midway', async () => {
    const { state, run: slow } = slowBatches();
    let steps = 0;
    const { result } = await run([1, 2, 1, 3, 4, 5, 6, 7].map(read), slow, { shouldStop: () => ++steps === 5 });
    expect(state.sent.flat()).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(result).toMatchObject({ read: 5, inserted: 4, alreadyPresent: 1, interrupted: true });
    expect(store.count()).toBe(4);
  });

  it('stops on an error stopOn names: that batch and every later article are reported as not analysed', async () => {
    const full = new Error('the queue is full');
    const refusing: AnalyseBatch = async () => {
      throw full;
    };
    const { result, of } = await run([1, 2, 3, 4].map(read), refusing, { stopOn: (err) => err === full });
    expect(result.stoppedBy).toBe(full);
    expect(of('not-analysed').map((e) => e.item)).toEqual(['p1.txt', 'p2.txt', 'p3.txt', 'p4.txt']);
    expect(store.count()).toBe(0);
  });

  it('takes one of analyse and analyseBatch', async () => {
    await expect(ingest([], { store: new SqliteEngine(store) })).rejects.toThrow('give one of analyse and analyseBatch');
  });
});

/** An analysis without its timings (which differ run to run). */
const timeless = (a: Analysis) => ({ ...a, timings: {} });

describe('analyseIngestBatch (one batch on an analysis thread)', () => {
  const stories = Array.from({ length: 24 }, (_, i) => createArticle({ raw: `Story ${i}\n\n${inventedStory(i + 1, 6)}`, id: `s${i}`, origin: { format: 'text' } }));

  it('gives the analyses this thread gives the same batch, adapted to the batch label priors', () => {
    const { outcomes, adapted, namesWanted } = analyseIngestBatch({ ingest: stories.map((article) => ({ article })), options: { provenance: true, names: { version: 1, byLanguage: { en: [] } } } });
    const here = batchAnalyser({ annotators: tasksWithNames(() => []) });
    const expected = stories.map((a) => here.analyse(a));
    const adaptedHere = here.adapt(expected);
    expect(outcomes.map((o) => ('analysis' in o ? timeless(o.analysis) : o))).toEqual(expected.map(timeless));
    expect(adapted).toEqual(adaptedHere);
    expect(adapted.some((g) => g.adapted)).toBe(true);
    expect(namesWanted).toEqual([]);
  });

  it('returns the error of an article that cannot be analysed and analyses the others', () => {
    const broken = { ...stories[0]!, raw: undefined } as unknown as Article;
    const { outcomes } = analyseIngestBatch({ ingest: [{ article: broken }, { article: stories[1]! }], options: { provenance: false, priors: 'training' } });
    expect(outcomes[0]).toEqual({ error: expect.any(String) });
    expect(outcomes[1]).toMatchObject({ analysis: { article: { id: 's1' } } });
    expect((outcomes[1] as { analysis: Analysis }).analysis.models.map((m) => m.task)).not.toContain('provenance');
  });

  it('measures names against the corpus names sent, and asks for a language it was sent none for', () => {
    const farm = createArticle({ raw: 'Harbour news\n\nThe harbour master, Quenbi, said the quay near the old fish market will open in spring.', id: 'farm', origin: { format: 'text' } });
    const expectedNames = (names: Record<string, string[]>, version: number) => {
      const { outcomes, namesWanted } = analyseIngestBatch({ ingest: [{ article: farm, language: 'en' }], options: { provenance: true, names: { version, byLanguage: names } } });
      return { expected: (outcomes[0] as { analysis: Analysis }).analysis.provenance.damage!.map((d) => d.expected), namesWanted };
    };
    expect(expectedNames({ en: ['Marisol Quenby'] }, 10)).toEqual({ expected: ['Quenby'], namesWanted: [] });
    expect(expectedNames({}, 11)).toEqual({ expected: [], namesWanted: ['en'] });
  });
});

describe('CorpusNames for analysis threads', () => {
  it('reads the languages wanted before the first article, counts a batch as its articles, and versions each reading', async () => {
    let reads = 0;
    const names = new CorpusNames({ frequentNames: async (language) => (reads++, [{ name: `Invented ${language}`, count: 5 }]) }, 100);
    names.want(['en', 'ru']);
    expect(names.snapshot()).toEqual({ version: 0, byLanguage: {} });
    await names.beforeArticle(40);
    const first = names.snapshot();
    expect(first).toEqual({ version: 1, byLanguage: { en: ['Invented en'], ru: ['Invented ru'] } });
    expect(reads).toBe(2);
    await names.beforeArticle(60);
    // Not read again before 100 articles: the same version and the same arrays (the thread keeps its index).
    expect(names.snapshot().version).toBe(1);
    expect(names.snapshot().byLanguage.en).toBe(first.byLanguage.en);
    await names.beforeArticle(40);
    expect(names.snapshot().version).toBe(2);
    expect(reads).toBe(4);
  });
});
