/** `serve --demo`: the team's invented example articles, analysed and stored, for a dashboard that is populated at once. */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSources } from '../ingest/index.js';
import { formatProblem } from '../ingest/types.js';
import type { Article } from '../doc/article.js';
import type { Analysis } from '../schema.js';
import type { Store, StoreItem } from '../store/types.js';

/** examples/articles at the package root (two levels above dist/server or src/server). */
export const DEMO_ARTICLES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'articles');

export interface DemoResult {
  read: number;
  inserted: number;
  problems: string[];
}

/** Reads, analyses and stores every article in `dir` (idempotent: stored articles are skipped). */
export async function loadDemoArticles(
  store: Store,
  analyze: (article: Article) => Analysis,
  dir: string = DEMO_ARTICLES_DIR,
): Promise<DemoResult> {
  if (!existsSync(dir)) throw new Error(`no example articles at ${dir}`);
  const items: StoreItem[] = [];
  const problems: string[] = [];
  let read = 0;
  for await (const item of readSources([dir])) {
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
