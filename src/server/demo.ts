/** `serve --demo`: the team's invented example articles, analysed and stored, for a dashboard that is populated at once. */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSources } from '../ingest/index.js';
import { formatProblem } from '../ingest/types.js';
import type { Article } from '../doc/article.js';
import type { Analysis } from '../schema.js';
import type { Store, StoreItem } from '../store/types.js';

/** examples/ at the package root (two levels above dist/server or src/server). */
const EXAMPLES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');

/** The six example text files. */
export const DEMO_ARTICLES_DIR = resolve(EXAMPLES_DIR, 'articles');

/** The dated example feed (several outlets, weeks and languages) that fills the dashboard's overview. */
export const DEMO_FEED_FILE = resolve(EXAMPLES_DIR, 'demo-feed.jsonl');

/** Everything `serve --demo` loads. */
export const DEMO_SOURCES: readonly string[] = [DEMO_ARTICLES_DIR, DEMO_FEED_FILE];

export interface DemoResult {
  read: number;
  inserted: number;
  problems: string[];
}

/** Reads, analyses and stores every article in `sources` (folders or files; idempotent: stored articles are skipped). */
export async function loadDemoArticles(
  store: Store,
  analyze: (article: Article) => Analysis,
  sources: string | readonly string[] = DEMO_SOURCES,
): Promise<DemoResult> {
  const paths = typeof sources === 'string' ? [sources] : [...sources];
  const missing = paths.find((p) => !existsSync(p));
  if (missing) throw new Error(`no example articles at ${missing}`);
  const items: StoreItem[] = [];
  const problems: string[] = [];
  let read = 0;
  for await (const item of readSources(paths)) {
    if (!item.ok) {
      problems.push(formatProblem(item.problem));
      continue;
    }
    read++;
    if (!store.hasHash(item.article.hash)) items.push({ article: item.article, analysis: analyze(item.article) });
  }
  const { inserted } = items.length ? store.putBatch(items) : { inserted: 0 };
  return { read, inserted, problems };
}
