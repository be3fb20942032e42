/**
 * An invented article with no publication date and a stored URL that is not http(s) (as a database
 * written before URLs were validated may hold), added to the fixture corpus by the tests of the
 * undated count, the timeline and the dashboard's source link.
 */
import { createArticle } from '../../src/doc/article.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { StoreItem } from '../../src/store/types.js';
import { fixtureAnalysis, NARRATIVE_LABELS, type FixtureSpec } from './fixtures.js';

export const UNDATED_SPEC: FixtureSpec = {
  id: 'fixture-undated',
  title: 'Example: Tamberg heat pump grant called a gift to installers',
  body: 'In this invented example, a columnist said the heat pump grant of Tamberg only helps installers get rich.\n\nNobody asked the tenants, she wrote.',
  source: 'example-blog.test',
  publishedAt: '',
  url: 'javascript:alert(document.domain)',
  domain: 'CC',
  narratives: [{ label: NARRATIVE_LABELS.CLIMATE_POLICIES, score: 0.74, evidence: 'only helps installers get rich' }],
  subNarratives: [
    { label: `${NARRATIVE_LABELS.CLIMATE_POLICIES}: Climate policies have negative impact on the economy`, narrative: NARRATIVE_LABELS.CLIMATE_POLICIES, score: 0.7 },
  ],
  genre: 'opinion',
};

/** Stores the undated article in the database at `path`, with no publication date. */
/** The undated article with its hand-made analysis, ready for any engine's putBatch. */
export function undatedItem(): StoreItem {
  const article = createArticle({
    raw: `${UNDATED_SPEC.title}\n\n${UNDATED_SPEC.body}\n`,
    id: UNDATED_SPEC.id,
    source: UNDATED_SPEC.source,
    url: UNDATED_SPEC.url,
    origin: { format: 'jsonl' },
  });
  return { article, analysis: fixtureAnalysis(article, UNDATED_SPEC) };
}

export function addUndatedArticle(path: string): void {
  const store = new SqliteStore(path);
  try {
    store.putBatch([undatedItem()]);
  } finally {
    store.close();
  }
}
