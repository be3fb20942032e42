#!/usr/bin/env node
// Writes docs/analysis-example.json: the Analysis of one of the team's example articles, validated
// against the schema. Usage: npm run build && node scripts/schema-example.mjs
import { writeFileSync } from 'node:fs';
import { readSources } from '../dist/ingest/index.js';
import { analyzeArticle } from '../dist/pipeline.js';
import { AnalysisSchema } from '../dist/schema.js';

const file = new URL('../examples/articles/example-01-sanctions.txt', import.meta.url).pathname;
for await (const item of readSources([file])) {
  if (!item.ok) throw new Error(item.problem.message);
  const analysis = AnalysisSchema.parse(analyzeArticle(item.article));
  // Timings differ on every run; keep the example stable.
  for (const k of Object.keys(analysis.timings)) analysis.timings[k] = Math.round(analysis.timings[k] * 100) / 100;
  analysis.article.origin.path = 'examples/articles/example-01-sanctions.txt';
  writeFileSync(new URL('../docs/analysis-example.json', import.meta.url), `${JSON.stringify(analysis, null, 2)}\n`);
  console.log('wrote docs/analysis-example.json');
}
