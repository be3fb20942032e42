/**
 * `--priors batch|training` through the commands: `analyze` of a folder, `ingest` (each transaction
 * adapted before it is stored; a failure loses only the unstored batch) and `reanalyze` (the stored
 * articles in chunks), on the test-only tone task and invented articles: 25 calm, 5 mildly alarmed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { SqliteEngine } from '../../src/store/sqlite-engine.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runAnalyze } from '../../src/cli/analyze.js';
import { runIngest } from '../../src/cli/ingest.js';
import { runReanalyze } from '../../src/cli/reanalyze.js';
import { createArticle } from '../../src/doc/article.js';
import { ingest } from '../../src/ingest/service.js';
import { analyzeArticle } from '../../src/pipeline.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { toneTask } from '../fixtures/tasks/tone/annotate.js';

const PLACES = ['Varnholm', 'Eskerby', 'Lunmoor', 'Tidewick', 'Orrisdale'];
const calm = (i: number) =>
  `Library hours ${i}\n\nThe public library of ${PLACES[i % 5]} will open an hour earlier on weekdays from next month. ` +
  `The reading room keeps its usual hours, and the council thanked the volunteers who run the book club.`;
const mild = (i: number) =>
  `Road closed ${i}\n\nDrivers in ${PLACES[i % 5]} were alarmed by a closed road near the old bridge on Tuesday. ` +
  `The council said the repairs to the surface would take about two weeks and buses would follow a detour.`;

const annotators = [toneTask];
let dir: string;
let out: string[];
let err: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'narrascope-shift-wiring-'));
  mkdirSync(docsDir());
  for (let i = 0; i < 30; i++) writeFileSync(join(docsDir(), `a${String(i).padStart(2, '0')}.txt`), i < 25 ? calm(i) : mild(i));
  out = [];
  err = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const docsDir = () => join(dir, 'docs');
const alarmedIn = (analyses: { tone?: { label: string } }[]) => analyses.filter((a) => a.tone?.label === 'alarmed').length;
const printed = () => out.join('').trim().split('\n').map((l) => JSON.parse(l));

describe('analyze <folder> --priors', () => {
  it('adapts the folder as one batch with batch priors, and says so on standard error', async () => {
    expect(await runAnalyze([docsDir()], { json: true, lang: 'en', priors: 'batch', annotators })).toBe(0);
    const analyses = printed();
    expect(analyses.map((a) => a.article.id)).toEqual(Array.from({ length: 30 }, (_, i) => `a${String(i).padStart(2, '0')}`));
    expect(alarmedIn(analyses)).toBe(0);
    expect(analyses[0].labelShift.tone.batchSize).toBe(30);
    expect(err.join('')).toContain('label priors: tone: batch label priors for 30 en articles');
  });

  it('keeps the training priors with --priors training, and by default for a hook off by default', async () => {
    for (const priors of ['training', undefined] as const) {
      out.length = 0;
      expect(await runAnalyze([docsDir()], { json: true, lang: 'en', priors, annotators })).toBe(0);
      expect(alarmedIn(printed())).toBe(5);
      expect(printed().some((a) => a.labelShift)).toBe(false);
    }
    expect(err.join('')).not.toContain('label priors');
  });

  it('shows the batch priors in the readable report', async () => {
    expect(await runAnalyze([docsDir()], { lang: 'en', priors: 'batch', annotators })).toBe(0);
    expect(out.join('')).toContain('Tone: decided under this batch\'s label mix (30 articles): calm');
  });
});

describe('ingest --priors', () => {
  const stored = (db: string) => {
    const store = new SqliteStore(db, { tasks: annotators });
    try {
      return { counts: store.labelCounts('tone'), a29: store.get('a29')!.analysis };
    } finally {
      store.close();
    }
  };

  it('adapts each transaction before storing it, and the label index follows', async () => {
    const db = join(dir, 'x.db');
    expect(await runIngest([docsDir()], { db, lang: 'en', priors: 'batch', annotators, json: true, progress: false })).toBe(0);
    const { counts, a29 } = stored(db);
    expect(counts).toEqual([{ task: 'tone', label: 'calm', count: 30 }]);
    expect(a29.labelShift?.tone.batchSize).toBe(30);
  });

  it('keeps the training priors for transactions under the minimum, and with --priors training', async () => {
    for (const [name, o] of [['small', { batch: 10, priors: 'batch' }], ['training', { priors: 'training' }]] as const) {
      const db = join(dir, `${name}.db`);
      expect(await runIngest([docsDir()], { db, lang: 'en', annotators, json: true, progress: false, ...o })).toBe(0);
      const { counts, a29 } = stored(db);
      expect(counts).toContainEqual({ task: 'tone', label: 'alarmed', count: 5 });
      expect(a29.labelShift).toBeUndefined();
    }
  });

  it('loses only the unstored batch when the adaptation of a later batch fails', async () => {
    const db = join(dir, 'crash.db');
    const store = new SqliteStore(db, { tasks: annotators });
    const inputs = Array.from({ length: 5 }, (_, i) => ({ ok: true as const, article: createArticle({ id: `c${i}`, raw: calm(i), origin: { format: 'text' } }) }));
    let batches = 0;
    const run = ingest(inputs, {
      store: new SqliteEngine(store),
      batchSize: 2,
      analyse: (article) => analyzeArticle(article, { annotators, language: 'en' }),
      adapt: () => {
        if (++batches === 2) throw new Error('adaptation failed');
      },
    });
    await expect(run).rejects.toThrow('adaptation failed');
    expect(store.count()).toBe(2);
    store.close();
  });
});

describe('reanalyze --priors', () => {
  it('re-decides the stored articles under their batch priors, then back under the training priors', async () => {
    const db = join(dir, 'r.db');
    expect(await runIngest([docsDir()], { db, lang: 'en', priors: 'training', annotators, json: true, progress: false })).toBe(0);
    err.length = 0;
    await runReanalyze({ db, priors: 'batch', annotators });
    expect(err.join('')).toContain('30 articles checked, 30 analyses refreshed');
    const store = () => new SqliteStore(db, { tasks: annotators });
    let s = store();
    expect(s.labelCounts('tone')).toEqual([{ task: 'tone', label: 'calm', count: 30 }]);
    s.close();
    await runReanalyze({ db, priors: 'batch', annotators });
    expect(err.join('')).toContain('30 articles checked, 0 analyses refreshed');
    await runReanalyze({ db, priors: 'training', annotators });
    expect(err.join('')).toContain('30 articles checked, 30 analyses refreshed\n');
    s = store();
    expect(s.labelCounts('tone')).toContainEqual({ task: 'tone', label: 'alarmed', count: 5 });
    s.close();
  });
});

describe('predict <task> --priors, through the task command context', () => {
  it('decides the folder under its label mix with batch priors, under the training mix by default', async () => {
    const { Command } = await import('commander');
    const { registerTaskCommands } = await import('../../src/cli/tasks.js');
    const alarmedLines = async (...flags: string[]) => {
      const program = new Command().exitOverride();
      await registerTaskCommands(program, annotators);
      out.length = 0;
      await program.parseAsync(['predict', 'tone', docsDir(), ...flags], { from: 'user' });
      return out.join('').split('\n').filter((l) => l.endsWith('\talarmed')).length;
    };
    expect(await alarmedLines('--priors', 'batch')).toBe(0);
    expect(await alarmedLines()).toBe(5);
    expect(await alarmedLines('--priors', 'training')).toBe(5);
    await expect(alarmedLines('--priors', 'feed')).rejects.toThrow(/--priors.*feed|Allowed choices are batch, training/);
  });
});
