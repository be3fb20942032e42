/** Worker-thread entry of the analyse pool (piscina): loads the models once, at start, then analyses one article per task. */
import { createArticle } from '../doc/article.js';
import { analyzeArticle } from '../pipeline.js';
import type { Analysis } from '../schema.js';
import { WARM_UP_TEXT, type AnalyzeTask } from './analyze-pool.js';

// Models load on a worker's first analysis: doing it while the worker starts keeps that wait out of
// the first request this worker takes, and each worker keeps its models for its whole life.
analyzeArticle(createArticle({ raw: WARM_UP_TEXT, origin: { format: 'stdin' } }));

export default function analyze({ article, options }: AnalyzeTask): Analysis {
  return analyzeArticle(article, options);
}
