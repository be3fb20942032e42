/**
 * The analysis pool runs a batch of articles on one worker thread (where their Docs are, for the
 * label-shift step) and gives what pipeline.ts analyzeBatch gives in this thread. Worker threads run
 * the compiled dist/server/analyze-worker.js, rebuilt when stale by test/e2e/build-current.ts.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createArticle } from '../../../src/doc/article.js';
import { analyzeBatch } from '../../../src/pipeline.js';
import { AnalyzePool, analyzeWorkerFile } from '../../../src/server/analyze-pool.js';

const TEXTS = [
  'Library hours\n\nThe library of Varnholm opens an hour earlier on weekdays from next month.',
  'Road closed\n\nDrivers in Eskerby were alarmed by a closed road near the old bridge on Tuesday.',
  'Ferry timetable\n\nThe Lunmoor ferry adds a late crossing on Fridays during the summer.',
];

describe('the worker pool with a batch', () => {
  it('analyses the batch on one worker thread as analyzeBatch does in this thread', async () => {
    if (!existsSync(analyzeWorkerFile())) throw new Error(`${analyzeWorkerFile()} is missing: run "npm run build" first`);
    const pool = new AnalyzePool({ threads: 1, queue: 2 });
    try {
      const inputs = TEXTS.map((raw, i) => ({ article: createArticle({ id: `p${i}`, raw, origin: { format: 'text' } }), language: 'en' }));
      const analyses = await pool.analyzeBatch(inputs, { priors: 'training' });
      expect(analyses.map((a) => a.article.id)).toEqual(['p0', 'p1', 'p2']);
      const here = analyzeBatch(inputs, { priors: 'training' }).analyses;
      expect(analyses.map((a) => ({ ...a, timings: {} }))).toEqual(here.map((a) => ({ ...a, timings: {} })));
    } finally {
      await pool.close();
    }
  }, 60_000);
});
