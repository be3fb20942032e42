/**
 * The dashboard in a real browser (playwright-core driving Debian's chromium) against a server on a
 * fixture corpus, once on each storage engine (SQLite, and PostgreSQL when reachable — required under
 * CI): overview, filtering, an article with highlighted spans, paste-and-analyze, hostile markup shown
 * as text with no script run, undated articles and unknown routes. Screenshots go to test-output/.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { CHROMIUM, corpusOn, hasChromium, openDashboard, type DashboardSession, type TestEngine } from './browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureItems, NARRATIVE_LABELS } from '../../server/fixtures.js';
import { undatedItem, UNDATED_SPEC } from '../../server/fixtures-undated.js';
import { pgForTests } from '../../store/pg-env.js';

const OUT = resolve('test-output');
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);
const ENGINES: TestEngine[] = hasChromium && (await pgForTests()).available ? ['sqlite', 'postgres'] : ['sqlite'];

describe.skipIf(!hasChromium).each(ENGINES)('dashboard in chromium on %s', (engine) => {
  let db: Awaited<ReturnType<typeof corpusOn>>;
  /** Screenshots of the SQLite run keep their names; the PostgreSQL run's are suffixed. */
  const shot = (name: string) => join(OUT, engine === 'sqlite' ? `${name}.png` : `${name}-${engine}.png`);
  let session: DashboardSession;
  let server: DashboardSession['server'];
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    db = await corpusOn(engine, [...fixtureItems(), undatedItem()]);
    session = await openDashboard(db.db, { viewport: { width: 1360, height: 900 } });
    ({ server, page, pageErrors } = session);
  });

  afterAll(async () => {
    await session?.close();
    await db?.cleanup();
  });

  it('loads the overview with its charts, behind a strict Content-Security-Policy', async () => {
    const res = await page.goto(`${server.url}/`);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('5 article(s)');
    const narratives = page.locator('ul[aria-label="narratives"] button.bar');
    expect(await narratives.count()).toBe(3);
    expect(await narratives.and(page.locator(`[data-label="${NARRATIVE_LABELS.BLAME}"]`)).locator('.bar-count').textContent()).toBe('2');
    expect(await page.locator('canvas').count()).toBe(1);
    await page.screenshot({ path: shot('overview'), fullPage: true });
  });

  it('counts articles with no narrative and undated ones, which the trend leaves out', async () => {
    await page.goto(`${server.url}/#/`);
    await page.getByTestId('overview').waitFor();
    expect(await page.getByTestId('without-narrative').textContent()).toBe('1 article has no narrative.');
    expect(await page.getByTestId('undated').textContent()).toBe('Not shown: 1 article has no publication date.');
  });

  it('shows long narrative and sub-narrative labels whole, using the width of the overview', async () => {
    await page.goto(`${server.url}/#/`);
    await page.getByTestId('overview').waitFor();
    const subs = page.locator('ul[aria-label="sub-narratives"] button.bar');
    const climateSubs = [`${NARRATIVE_LABELS.CLIMATE_POLICIES}: Climate policies are only for profit`, UNDATED_SPEC.subNarratives![0].label];
    for (const label of climateSubs) {
      const bar = subs.and(page.locator(`[data-label="${label}"]`));
      expect(await bar.getAttribute('title')).toContain(label);
      const shown = await bar.locator('.bar-label').evaluate((el) => ({ text: el.textContent, cut: el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight + 1 }));
      expect(shown).toEqual({ text: label, cut: false });
    }
    for (const name of ['narratives', 'sub-narratives']) {
      const cut = await page.locator(`ul[aria-label="${name}"] .bar-label`).evaluateAll((els) => els.filter((el) => el.scrollWidth > el.clientWidth).length);
      expect(cut).toBe(0);
    }
    // The sub-narratives reach the right edge of the grid: no empty column beside them.
    const grid = (await page.locator('.overview .grid').boundingBox())!;
    const subCard = (await page.locator('.card-panel', { has: page.locator('ul[aria-label="sub-narratives"]') }).boundingBox())!;
    expect(grid.x + grid.width - (subCard.x + subCard.width)).toBeLessThan(2);
  });

  it('shows a not-found view for an unknown route, not the overview', async () => {
    for (const hash of ['#/no-such-page', '#/article/', '#/overviews?narrative=x']) {
      await page.goto(`${server.url}/${hash}`);
      await page.getByTestId('not-found').waitFor();
      expect(await page.getByTestId('not-found').textContent()).toContain(`There is no page at ${hash.split('?')[0]}.`);
      expect(await page.getByTestId('overview').count()).toBe(0);
    }
    await page.getByTestId('not-found').getByRole('link', { name: 'Overview' }).click();
    await page.getByTestId('overview').waitFor();
  });

  it('filters by a narrative by clicking its bar, then lists those articles', async () => {
    await page.locator(`ul[aria-label="narratives"] button.bar[data-label="${NARRATIVE_LABELS.BLAME}"]`).click();
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('2 article(s)');
    expect(decodeURIComponent(new URL(page.url()).hash)).toContain(`narrative=${NARRATIVE_LABELS.BLAME}`.replace(/ /g, '+'));
    await page.getByTestId('show-articles').click();
    await page.getByTestId('results').waitFor();
    const titles = await page.locator('.result-title').allTextContents();
    expect(titles.sort()).toEqual(['Example: <b>Bold</b> claims about the distant bloc', 'Example: Harbour town says distant bloc dragged it into the conflict']);
  });

  it('searches the articles from the search box', async () => {
    await page.goto(`${server.url}/#/articles`);
    await page.getByLabel('Search').fill('windmill');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('1 article(s)');
    expect(await page.locator('.result mark').first().textContent()).toMatch(/windmill/i);
  });

  it('opens an article with technique spans highlighted, a legend, and evidence that flashes in the text', async () => {
    await page.goto(`${server.url}/#/articles`);
    await page.locator('.result-title', { hasText: 'Harbour town' }).click();
    await page.getByTestId('article-view').waitFor();
    const spans = page.locator('.article-text .seg.technique');
    expect(await spans.count()).toBe(2);
    const nameCalling = page.locator('.article-text .seg.technique[data-technique="Name_Calling-Labeling"]');
    expect(await nameCalling.textContent()).toBe('shameful cowards');
    expect(await nameCalling.getAttribute('title')).toContain('Name Calling-Labeling — confidence 87%');
    await nameCalling.hover();
    expect(await page.locator('.legend-item').allTextContents()).toEqual(['Name Calling-Labeling ×1', 'Loaded Language ×1']);
    expect(await page.locator('.narrative-card').count()).toBe(2);
    expect(await page.locator('.role-antagonist .entity-name').allTextContents()).toEqual(['distant bloc']);
    await page.locator('.narrative-card .quote', { hasText: 'the talks would never work' }).click();
    const flashed = page.locator('.article-text .seg.flash');
    await expect.poll(() => flashed.allTextContents()).toEqual(['the talks would never work']);
    await page.screenshot({ path: shot('article'), fullPage: true });
  });

  it('quotes the dominant evidence once, in the dominant card, and the same narrative card refers to it', async () => {
    await page.goto(`${server.url}/#/article/fixture-harbour`);
    await page.reload(); // the previous test left this article open, with a quote still flashing
    await page.getByTestId('article-view').waitFor();
    const dominantEvidence = 'the distant bloc had provoked the whole conflict';
    const dominant = page.getByTestId('dominant');
    expect(await dominant.locator('.explanation').textContent()).toBe('Constructed for the tests.');
    const panel = page.locator('section[aria-label="Narratives"]');
    expect(await panel.locator('.quote', { hasText: dominantEvidence }).count()).toBe(0);
    const blameCard = page.locator(`.narrative-card[data-narrative="${NARRATIVE_LABELS.BLAME}"]`);
    expect(await blameCard.locator('.see-dominant').textContent()).toBe('↑ One sentence quoted in the dominant explanation above');
    // The other narrative's own evidence is still quoted in its card.
    expect(await page.locator(`.narrative-card[data-narrative="${NARRATIVE_LABELS.DISCREDIT_WEST}"] .quote`).allTextContents()).toEqual(['“the talks would never work”']);
    await dominant.getByRole('button', { name: 'Show this sentence in the text' }).click();
    await expect.poll(() => page.locator('.article-text .seg.flash').allTextContents(), { timeout: 5000 }).toEqual([dominantEvidence]);
    await blameCard.locator('.see-dominant').click();
    await expect.poll(() => dominant.getAttribute('class'), { timeout: 5000 }).toContain('flash');
  });

  it('keeps the model versions behind a details toggle, and links a source URL only when it is http(s)', async () => {
    await page.goto(`${server.url}/#/article/fixture-harbour`);
    await page.getByTestId('article-view').waitFor();
    const link = page.locator('.article-view .meta a');
    expect(await link.getAttribute('href')).toBe('https://example-harbour-news.test/2024/harbour');
    expect(await link.textContent()).toBe('example-harbour-news.test');
    const models = page.locator('.details .models');
    expect(await models.isVisible()).toBe(false);
    expect(await page.locator('section[aria-label="Cleaning and provenance"]').innerText()).not.toContain('fixture@1');
    await page.locator('.details summary', { hasText: 'Details' }).click();
    expect(await models.isVisible()).toBe(true);
    expect(await models.textContent()).toBe('fixture@1');

    await page.goto(`${server.url}/#/article/${UNDATED_SPEC.id}`);
    await page.getByTestId('article-view').waitFor();
    expect(await page.locator('.article-view .meta a').count()).toBe(0);
    expect(await page.locator('.article-view .meta .not-a-link').textContent()).toBe(UNDATED_SPEC.url);
    expect(await page.locator('.article-view .meta .undated').textContent()).toBe('undated');
    expect(await page.locator('.article-view .meta').textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('lists an undated article as undated, with no "click any bar" hint on the Articles page', async () => {
    await page.goto(`${server.url}/#/articles`);
    await page.getByTestId('results').waitFor();
    expect(await page.getByTestId('articles').innerText()).not.toMatch(/click any bar/i);
    expect(await page.locator(`.result[data-id="${UNDATED_SPEC.id}"] .meta`).textContent()).toContain('example-blog.test · undated');
  });

  it('analyses pasted text without storing it', async () => {
    await page.goto(`${server.url}/#/analyze`);
    await page.getByLabel('Title').fill('Example: pasted headline about a ferry');
    await page.getByLabel('Article text').fill('In this invented example, the ferry to Villa Serena left ten minutes late.\n\nPassengers waited on the pier.');
    await page.getByRole('button', { name: 'Analyze' }).click();
    await page.getByTestId('article-view').waitFor();
    expect(await page.locator('.article-title').textContent()).toBe('Example: pasted headline about a ferry');
    expect(await page.getByTestId('article-text').textContent()).toContain('Passengers waited on the pier.');
    expect(await page.locator('.badge').textContent()).toBe('not stored');
    expect(await page.locator('#corpus-size').textContent()).toBe('5 stored article(s)');
    await page.screenshot({ path: shot('analyze'), fullPage: true });
  });

  it('shows markup in an article as literal text and runs none of it', async () => {
    await page.goto(`${server.url}/#/article/fixture-hostile`);
    await page.getByTestId('article-view').waitFor();
    const text = (await page.getByTestId('article-text').textContent()) ?? '';
    expect(text).toContain('<script>window.__pwned = 1</script>');
    expect(text).toContain('<img src="x" onerror="window.__pwned = 2">');
    expect(await page.locator('.article-title').textContent()).toBe('Example: <b>Bold</b> claims about the distant bloc');
    expect(await page.locator('.article-view script, .article-view img, .article-view b, .article-text a').count()).toBe(0);

    // The same through paste-and-analyze.
    await page.goto(`${server.url}/#/analyze`);
    await page.getByLabel('Article text').fill('Example: markup test\n\nInvented: <script>window.__pwned = 3</script><img src=x onerror="window.__pwned = 4">');
    await page.getByRole('button', { name: 'Analyze' }).click();
    await page.getByTestId('article-view').waitFor();
    expect(await page.getByTestId('article-text').textContent()).toContain('<script>window.__pwned = 3</script>');
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(pageErrors).toEqual([]);
  });
});
