/** `serve --demo`: the team's invented example articles, analysed and stored, for a dashboard that is populated at once. */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSources } from '../ingest/index.js';
import { ingest, type Analyse, type IngestStore } from '../ingest/service.js';
import { formatProblem } from '../ingest/types.js';

/** examples/ at the package root (two levels above dist/server or src/server). */
const EXAMPLES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');

/** The six example text files. */
export const DEMO_ARTICLES_DIR = resolve(EXAMPLES_DIR, 'articles');

/** The dated example feed (several outlets, weeks and languages) that fills the dashboard's overview. */
export const DEMO_FEED_FILE = resolve(EXAMPLES_DIR, 'demo-feed.jsonl');

/** Copies of feed articles on other invented sites (boilerplate added, words swapped, a mangled name), for the provenance views. */
export const DEMO_COPIES_FILE = resolve(EXAMPLES_DIR, 'provenance-feed.jsonl');

/** Everything `serve --demo` loads. */
export const DEMO_SOURCES: readonly string[] = [DEMO_ARTICLES_DIR, DEMO_FEED_FILE, DEMO_COPIES_FILE];

export interface DemoResult {
  read: number;
  inserted: number;
  problems: string[];
}

/** Reads, analyses and stores every article in `sources` (folders or files) through the ingest service: idempotent, stored articles are skipped. */
export async function loadDemoArticles(store: IngestStore, analyse: Analyse, sources: string | readonly string[] = DEMO_SOURCES): Promise<DemoResult> {
  const paths = typeof sources === 'string' ? [sources] : [...sources];
  const missing = paths.find((p) => !existsSync(p));
  if (missing) throw new Error(`no example articles at ${missing}`);
  const problems: string[] = [];
  const { read, inserted } = await ingest(readSources(paths), {
    store,
    analyse,
    onEvent: (e) => {
      if (e.kind === 'problem') problems.push(formatProblem(e.problem));
      else if (e.kind === 'analysis-failed') problems.push(`${e.item}: analysis failed: ${e.message} [analysis-failed]`);
    },
  });
  return { read, inserted, problems };
}
