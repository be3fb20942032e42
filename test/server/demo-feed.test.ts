/** The demo sources that `serve --demo` loads: all readable, clearly marked as examples, dated over several weeks. */
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/doc/article.js';
import { readSources } from '../../src/ingest/index.js';
import { DEMO_FEED_FILE, DEMO_SOURCES } from '../../src/server/demo.js';

async function readAll(paths: readonly string[]): Promise<{ articles: Article[]; problems: unknown[] }> {
  const articles: Article[] = [];
  const problems: unknown[] = [];
  for await (const item of readSources(paths)) {
    if (item.ok) articles.push(item.article);
    else problems.push(item.problem);
  }
  return { articles, problems };
}

describe('demo sources', () => {
  it('include the example folder and the feed, and every record reads without a problem', async () => {
    expect(DEMO_SOURCES).toContain(DEMO_FEED_FILE);
    const { articles, problems } = await readAll(DEMO_SOURCES);
    expect(problems).toEqual([]);
    expect(articles.length).toBeGreaterThanOrEqual(30);
  });

  it('mark every feed title as an example and give it an outlet, an example.org url and a date', async () => {
    const { articles } = await readAll([DEMO_FEED_FILE]);
    for (const a of articles) {
      expect(a.title, a.id).toMatch(/^(EXAMPLE|ПРИМЕР|EXEMPLO):/);
      expect(a.source, a.id).toBeTruthy();
      expect(a.url, a.id).toMatch(/^https:\/\/[a-z-]+\.example\.org\//);
      expect(Number.isNaN(Date.parse(a.publishedAt ?? '')), a.id).toBe(false);
    }
    expect(new Set(articles.map((a) => a.source)).size).toBeGreaterThanOrEqual(5);
    const times = articles.map((a) => Date.parse(a.publishedAt ?? ''));
    const weeks = (Math.max(...times) - Math.min(...times)) / (7 * 24 * 3600 * 1000);
    expect(weeks).toBeGreaterThanOrEqual(8);
  });
});
