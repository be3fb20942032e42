/**
 * The review page on a private server (NARRASCOPE_PRIVATE=1: reads need a token) in chromium: refused without a
 * token, read again with the token once it is entered, the queue with its progress and agreement, an article opened
 * from the queue, and a viewer's decision refused naming the field.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIVATE_ENV } from '../../../src/server/auth.js';
import { SqliteEngine } from '../../../src/store/sqlite-engine.js';
import { fixtureDatabase } from '../../server/fixtures.js';
import { CHROMIUM, hasChromium, openDashboard, type DashboardSession } from './browser.js';
import { setToken } from './corrections-helpers.js';

if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

describe.skipIf(!hasChromium)('the review page on a private server (chromium)', () => {
  let db: ReturnType<typeof fixtureDatabase>;
  let session: DashboardSession;
  let page: Page;
  let viewer: string;

  beforeAll(async () => {
    db = fixtureDatabase();
    const engine = new SqliteEngine(db.path);
    viewer = (await engine.tokens.createToken('vera', 'viewer')).secret;
    await engine.close();
    const before = process.env[PRIVATE_ENV];
    process.env[PRIVATE_ENV] = '1';
    try {
      session = await openDashboard(db.path);
    } finally {
      if (before === undefined) delete process.env[PRIVATE_ENV];
      else process.env[PRIVATE_ENV] = before;
    }
    ({ page } = session);
  });

  afterAll(async () => {
    await session?.close();
    db?.cleanup();
  });

  it('is refused without a token, saying what is needed', async () => {
    await page.goto(`${session.server.url}/#/review`);
    const error = page.locator('#app .notice.error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/private server needs a token of role viewer/);
    expect(await page.locator('nav a.active').textContent()).toBe('Review');
  });

  it('reads the queue again once a token is entered: progress, the queue with its reasons, agreement', async () => {
    await setToken(page, viewer);
    await page.getByTestId('review').waitFor();
    expect(await page.getByTestId('review-progress').textContent()).toBe(' 0 of 4 article(s) reviewed (0%)');
    const items = page.getByTestId('review-queue').locator('li.result');
    expect(await items.count()).toBe(4);
    expect(await items.first().locator('.meta').textContent()).toMatch(/ · priority \d+\.\d\d$/);
    expect(await page.getByTestId('agreement').textContent()).toContain('No label has been decided by two annotators yet.');
  });

  it('opens the first article of the queue; a viewer sees the labels and cannot decide', async () => {
    const first = await page.getByTestId('review-queue').locator('li.result').first().getAttribute('data-id');
    await page.getByTestId('start-review').click();
    await page.getByTestId('corrections').waitFor();
    expect(page.url()).toContain(`#/article/${first}`);
    await page.getByTestId('label-row').first().locator('button[data-action="reject"]').click();
    const error = page.getByTestId('correction-error');
    await error.waitFor();
    expect(await error.textContent()).toBe(
      'the token "vera" has the role viewer; annotating needs a token of role annotator or admin (field: authorization) Set an annotator token in the field at the top.',
    );
  });
});
