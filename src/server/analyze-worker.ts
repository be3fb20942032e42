/** Worker-thread entry of the analyse pool (piscina): loads the models once, at start, then analyses one article, one batch, or one `ingest --workers` batch, per task. */
import { createArticle } from '../doc/article.js';
import { analyzeArticle, analyzeBatch } from '../pipeline.js';
import { analyseIngestBatch, type IngestBatchResult, type IngestBatchTask } from '../ingest/parallel-batch.js';
import type { Analysis } from '../schema.js';
import { WARM_UP_TEXT, type AnalyzeBatchTask, type AnalyzeTask } from './analyze-pool.js';

// Models load on a worker's first analysis: doing it while the worker starts keeps that wait out of
// the first request this worker takes, and each worker keeps its models for its whole life.
analyzeArticle(createArticle({ raw: WARM_UP_TEXT, origin: { format: 'stdin' } }));

export default function analyze(task: AnalyzeTask | AnalyzeBatchTask | IngestBatchTask): Analysis | Analysis[] | IngestBatchResult {
  if ('ingest' in task) return analyseIngestBatch(task);
  if ('inputs' in task) return analyzeBatch(task.inputs, task.options).analyses;
  return analyzeArticle(task.article, task.options);
}
