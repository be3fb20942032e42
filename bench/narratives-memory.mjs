#!/usr/bin/env node
// Loads the five shipped narrative models into one process and prints each load time; run under
// `/usr/bin/time -v` for the peak resident memory:
//   npm run build && /usr/bin/time -v node bench/narratives-memory.mjs
import { narrativeModelFor } from '../dist/tasks/narratives/annotate.js';

for (const lang of ['en', 'bg', 'hi', 'pt', 'ru']) {
  const t0 = performance.now();
  const model = narrativeModelFor(lang);
  if (!model) throw new Error(`no narrative model for ${lang}`);
  console.log(`${lang}\t${(performance.now() - t0).toFixed(0)} ms\t${model.space.size} features\t${model.linear.outputs.length} outputs`);
}
