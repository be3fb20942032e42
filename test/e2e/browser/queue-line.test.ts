/** The overview's queue line in chromium: on a PostgreSQL corpus with queued jobs it says how many wait (as text); on a SQLite corpus it stays hidden. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../../src/doc/article.js';
import { enqueueArticles } from '../../../src/queue/enqueue.js';
import { closeJobQueue, openJobQueue } from '../../../src/queue/queue.js';
import { fixtureDatabase } from '../../server/fixtures.js';
import { dropDatabase, freshDatabase, pgForTests } from '../../store/pg-env.js';
import { hasChromium, openDashboard, type DashboardSession } from './browser.js';

const pg = await pgForTests();

describe.skipIf(!hasChromium || !pg.available)('the queue line on a PostgreSQL corpus', () => {
  let url: string;
  let session: DashboardSession;
  beforeAll(async () => {
    url = await freshDatabase('ns_queue_line');
    const boss = await openJobQueue(url);
    // An article whose title is markup: the line counts jobs and never shows their text.
    const inputs = [0, 1, 2].map((i) => ({ ok: true as const, article: createArticle({ raw: `<b>Queued ${i}</b>\n\nAn invented sentence number ${i}.`, id: `q${i}`, origin: { format: 'text' as const } }) }));
    await enqueueArticles(inputs, { store: { hasHash: async () => false }, boss });
    await closeJobQueue(boss);
    session = await openDashboard(url, { warmUp: false });
  });
  afterAll(async () => {
    await session?.close();
    if (url) await dropDatabase(url);
  });

  it('says how many jobs wait and are being analysed', async () => {
    const { page, server, pageErrors } = session;
    await page.goto(`${server.url}/#/`);
    const line = page.getByTestId('queue-status');
    await expect.poll(() => line.textContent()).toBe('Queue: 3 waiting · 0 being analysed');
    expect(await line.isVisible()).toBe(true);
    expect(await line.locator('*').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});

describe.skipIf(!hasChromium)('the queue line on a SQLite corpus', () => {
  let db: ReturnType<typeof fixtureDatabase>;
  let session: DashboardSession;
  beforeAll(async () => {
    db = fixtureDatabase();
    session = await openDashboard(db.path, { warmUp: false });
  });
  afterAll(async () => {
    await session?.close();
    db?.cleanup();
  });

  it('stays hidden: there is no queue', async () => {
    const { page, server } = session;
    const jobs = page.waitForResponse((r) => r.url().endsWith('/api/jobs'));
    await page.goto(`${server.url}/#/`);
    await page.getByTestId('overview').waitFor();
    expect(((await (await jobs).json()) as { queues: unknown }).queues).toBeNull();
    expect(await page.getByTestId('queue-status').isHidden()).toBe(true);
  });
});
