// Per-fold article narratives for entity-role cross-validation (src/tasks/entities/narrative-folds.ts),
// cached on disk in $TMPDIR/narrascope-entities-cv: they take a narratives model per fold and inner
// fold (minutes per language) and do not depend on the entity options. Delete the folder to recompute
// (e.g. after the narratives models change).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileFolds } from '../dist/tasks/entities/cv.js';
import { crossValidationNarratives } from '../dist/tasks/entities/narrative-folds.js';
import { heldOutNarratives } from '../dist/tasks/narratives/heldout.js';

/** source: 'oof' | 'gold' (training articles), or 'oracle' (gold for held-out articles too: a ceiling, never a result). */
export function cachedCvNarratives(data, corpus, k, seed, source) {
  const lang = corpus.language;
  if (source === 'oracle') return Array.from({ length: k }, () => heldOutNarratives(data, lang).gold());
  const dir = join(tmpdir(), 'narrascope-entities-cv');
  const path = join(dir, `${lang}-k${k}-s${seed}-${source}.json`);
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')).map((m) => new Map(Object.entries(m)));
  const maps = crossValidationNarratives(heldOutNarratives(data, lang), fileFolds(corpus, k, seed), k, source, seed, (s) => process.stderr.write(`${lang}: ${s}\n`));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path, JSON.stringify(maps.map((m) => Object.fromEntries(m))));
  return maps;
}
