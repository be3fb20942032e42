/**
 * The corrections of the article view on a PostgreSQL store (issue 17), a representative subset of
 * corrections.test.ts: accept, reject, add a narrative from the picker and mark a technique span in chromium; the
 * analyst's labels show after a reload and after `narrascope reanalyze --force` on the same database.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresEngine } from '../../../src/store/pg/engine.js';
import { FIXTURE_SPECS, fixtureAnalysis, fixtureArticle, NARRATIVE_LABELS } from '../../server/fixtures.js';
import { dropDatabase, freshDatabase, pgForTests } from '../../store/pg-env.js';
import { CHROMIUM, hasChromium, openDashboard, type DashboardSession } from './browser.js';
import { markText, row, runCli, setToken } from './corrections-helpers.js';

const { BLAME, DISCREDIT_WEST, CLIMATE_POLICIES } = NARRATIVE_LABELS;
const pg = await pgForTests();
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

describe.skipIf(!hasChromium || !pg.available)('corrections in the article view (chromium, PostgreSQL)', () => {
  let url: string;
  let session: DashboardSession;
  let page: Page;
  let secret: string;

  beforeAll(async () => {
    url = await freshDatabase('ns_corrections');
    const engine = await openPostgresEngine(url);
    await engine.putBatch(FIXTURE_SPECS.map((spec) => {
      const article = fixtureArticle(spec);
      return { article, analysis: fixtureAnalysis(article, spec) };
    }));
    secret = (await engine.tokens.createToken('anna', 'annotator')).secret;
    await engine.close();
    session = await openDashboard(url, { viewport: { width: 1360, height: 900 } });
    ({ page } = session);
  });

  afterAll(async () => {
    await session?.close();
    if (url) await dropDatabase(url);
  });

  const openHarbour = async () => {
    const target = `${session.server.url}/#/article/fixture-harbour`;
    if (page.url() === target) await page.reload();
    else await page.goto(target);
    await page.getByTestId('corrections').waitFor();
  };

  it('accepts, rejects, adds a narrative and marks a technique span', async () => {
    await openHarbour();
    await setToken(page, secret);
    await row(page, 'narratives', BLAME).locator('button[data-action="accept"]').click();
    await expect.poll(() => row(page, 'narratives', BLAME).getAttribute('data-source')).toBe('analyst');
    await row(page, 'narratives', DISCREDIT_WEST).locator('button[data-action="reject"]').click();
    await expect.poll(() => row(page, 'narratives', DISCREDIT_WEST).getAttribute('data-state')).toBe('rejected');
    await page.getByTestId('picker-narratives').fill('criticism climate policies');
    await page.getByTestId('picker-list-narratives').locator(`button[data-label="${CLIMATE_POLICIES}"]`).click();
    await expect.poll(() => row(page, 'narratives', CLIMATE_POLICIES).getAttribute('data-source')).toBe('analyst');
    await markText(page, 'the talks would never work');
    await page.getByTestId('mark-technique').selectOption('Doubt');
    await page.getByTestId('mark-span').click();
    await expect.poll(() => row(page, 'techniques', 'Doubt').getAttribute('data-source')).toBe('analyst');
  });

  const expectAnalystLabels = async () => {
    await openHarbour();
    expect(await row(page, 'narratives', BLAME).getByTestId('analyst-badge').textContent()).toBe('analyst: anna');
    expect(await row(page, 'narratives', DISCREDIT_WEST).getAttribute('data-state')).toBe('rejected');
    expect(await row(page, 'narratives', CLIMATE_POLICIES).getAttribute('data-source')).toBe('analyst');
    expect(await page.locator('.seg.technique[data-technique~="Doubt"]').allTextContents()).toEqual(['the talks would never work']);
  };

  it("shows the analyst's labels after a reload", async () => {
    await page.reload();
    await expectAnalystLabels();
  });

  it("shows the analyst's labels after reanalyze replaced the analysis", async () => {
    const version = async () => ((await (await fetch(`${session.server.url}/api/articles/fixture-harbour`)).json()) as { modelVersion: string }).modelVersion;
    const before = await version();
    const r = await runCli('reanalyze', '--force', '--db', url);
    expect(r.status, r.stderr).toBe(0);
    expect(await version()).not.toBe(before);
    await expectAnalystLabels();
    expect(session.pageErrors).toEqual([]);
  }, 180_000);
});
