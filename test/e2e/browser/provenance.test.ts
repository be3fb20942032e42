/**
 * The provenance views in a real browser (playwright-core driving Debian's chromium) against a server
 * on the invented ferry corpus, once on each storage engine (PostgreSQL when reachable, required under CI): the Provenance page (clusters with their earliest member and copies
 * over time, sources ranked by copy share) and the article view's copies, damage and sourcing
 * highlights with their reasons. Screenshots go to test-output/.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provenanceItems } from '../../server/provenance-fixtures.js';
import { pgForTests } from '../../store/pg-env.js';
import { CHROMIUM, corpusOn, hasChromium, openDashboard, type DashboardSession, type TestEngine } from './browser.js';

const OUT = resolve('test-output');
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

const ENGINES: TestEngine[] = hasChromium && (await pgForTests()).available ? ['sqlite', 'postgres'] : ['sqlite'];

describe.skipIf(!hasChromium).each(ENGINES)('provenance views in chromium on %s', (engine) => {
  let db: Awaited<ReturnType<typeof corpusOn>>;
  /** Screenshots of the SQLite run keep their names; the PostgreSQL run's are suffixed. */
  const shot = (name: string) => join(OUT, engine === 'sqlite' ? `${name}.png` : `${name}-${engine}.png`);
  let session: DashboardSession;
  let server: DashboardSession['server'];
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    db = await corpusOn(engine, provenanceItems());
    session = await openDashboard(db.db, { viewport: { width: 1360, height: 900 } });
    ({ server, page, pageErrors } = session);
  });

  afterAll(async () => {
    await session?.close();
    await db?.cleanup();
  });

  it('is reached from the nav and shows the cluster with its earliest member and its copies over time', async () => {
    await page.goto(`${server.url}/#/`);
    await page.locator('nav a[data-nav="provenance"]').click();
    await page.getByTestId('provenance').waitFor();
    expect(await page.locator('nav a.active').textContent()).toBe('Provenance');
    expect(await page.getByTestId('provenance-total').textContent()).toBe('1 cluster(s) of copies · 3 source(s)');
    const cluster = page.getByTestId('cluster');
    expect(await cluster.count()).toBe(1);
    expect(await cluster.locator('.card-kicker').textContent()).toBe('3 copies · 3 source(s) · over 3 day(s)');
    expect(await cluster.getByTestId('earliest').textContent()).toBe('First seen: Kelmarsh Gazette on 2026-10-05');
    const members = cluster.locator('.copy-list li');
    expect(await members.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.member))).toEqual(['ferry-original', 'ferry-copy-farm', 'ferry-copy-spun']);
    expect(await members.first().locator('.badge').textContent()).toBe('earliest');
    expect(await cluster.locator('.copy-dot').count()).toBe(3);
    expect(await cluster.locator('.copy-dot.earliest').count()).toBe(1);
    // The dots sit along the days: first at the start, last at the end.
    expect(await cluster.locator('.copy-dot').evaluateAll((els) => els.map((el) => (el as HTMLElement).style.left))).toEqual(['0%', expect.stringMatching(/^[1-4]\d(\.\d+)?%$/), '100%']);
    await page.screenshot({ path: shot('provenance'), fullPage: true });
  });

  it('ranks the sources by copy share, with whom they lift from and their boilerplate rules', async () => {
    await page.goto(`${server.url}/#/provenance`);
    const rows = page.getByTestId('sources').locator('li.source-row');
    await rows.first().waitFor();
    const order = await rows.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.source));
    expect(order).toHaveLength(3);
    expect(order.slice(0, 2).sort()).toEqual(['Daily Repost Hub', 'Spin Cycle News']);
    expect(order[2]).toBe('Kelmarsh Gazette');
    const farm = rows.and(page.locator('[data-source="Daily Repost Hub"]'));
    expect(await farm.getByTestId('copy-share').textContent()).toBe('100%');
    expect(await farm.locator('.source-facts').textContent()).toBe('1 of 1 article(s) copied from elsewhere · 0 original(s) · lifts from Kelmarsh Gazette ×1');
    expect(await farm.locator('.rule-chip').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^ad-markers 100%$/)]));
    // A source links to its articles.
    expect(await farm.locator('a.bar-label').getAttribute('href')).toBe('#/articles?source=Daily+Repost+Hub');
  });

  it('shows markup in a title as text, and runs no script', async () => {
    await page.goto(`${server.url}/#/provenance`);
    await page.getByTestId('cluster').waitFor();
    const link = page.locator('.copy-list li[data-member="ferry-copy-farm"] a');
    expect(await link.textContent()).toBe('Example: Island ferry to run twice a day <img src=x onerror="window.__pwned=1">');
    expect(await page.locator('.copy-list img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it("opens an article from its cluster, and its view lists its copies with which came first", async () => {
    await page.goto(`${server.url}/#/provenance`);
    await page.locator('.copy-list li[data-member="ferry-copy-spun"] a').click();
    await page.getByTestId('article-view').waitFor();
    expect(page.url()).toContain('#/article/ferry-copy-spun');
    const copies = page.getByTestId('copies');
    expect(await copies.getByTestId('copy-standing').textContent()).toBe('A copy: the earliest of its 3 copies is Kelmarsh Gazette (2026-10-05).');
    expect(await copies.locator('li').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.member))).toEqual(['ferry-original', 'ferry-copy-farm']);
  });

  it('highlights damage and sourcing spans in the text with their reasons, and a quote flashes its place', async () => {
    await page.goto(`${server.url}/#/article/ferry-copy-spun`);
    await page.getByTestId('article-view').waitFor();
    const nearMiss = page.locator('.seg.damage[data-damage~="entity-near-miss"]').first();
    expect(await nearMiss.textContent()).toBe('Kelmarshi');
    expect(await nearMiss.getAttribute('title')).toContain('Possible machine-translation damage (entity-near-miss): expected "Kelmarsh" — near-miss of a known place name (edit distance 1), confidence 86%');
    const anonymous = page.locator('.seg.sourcing-anonymous');
    expect(await anonymous.allTextContents()).toEqual(expect.arrayContaining(['sources say']));
    expect(await anonymous.first().getAttribute('title')).toContain('Anonymous or unverifiable attribution');
    expect(await page.getByTestId('sourcing-summary').textContent()).toBe('2 of 2 attributions are anonymous');
    const damageItems = page.getByTestId('damage').locator('li[data-kind="entity-near-miss"]');
    expect(await damageItems.first().textContent()).toContain('expected “Kelmarsh”: near-miss of a known place name (edit distance 1) (86%)');
    await damageItems.first().locator('button.quote').click();
    await expect.poll(() => page.locator('.seg.flash').count()).toBeGreaterThan(0);
    expect(await page.locator('.seg.flash').first().textContent()).toBe('Kelmarshi');
    await page.screenshot({ path: shot('article-provenance'), fullPage: true });
  });

  it('shows the earliest article as the first of its copies, and an unclustered one as having none', async () => {
    await page.goto(`${server.url}/#/article/ferry-original`);
    await page.getByTestId('article-view').waitFor();
    expect(await page.getByTestId('copy-standing').textContent()).toBe('The earliest of 3 copies.');
    expect(await page.locator('.seg.sourcing-named').allTextContents()).toEqual(['the harbour board said on Monday']);
    await page.goto(`${server.url}/#/article/orchard-report`);
    await page.getByTestId('article-view').waitFor();
    expect(await page.getByTestId('copies').textContent()).toBe('CopiesNo stored article is a near-duplicate of this one.');
    expect(await page.getByTestId('damage').textContent()).toBe('Machine-translation damage (0)None found.');
    expect(pageErrors).toEqual([]);
  });
});
