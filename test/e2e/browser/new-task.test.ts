/**
 * The dashboard shows a task it has no view for (the test-only "tone" task of test/fixtures/tasks/tone)
 * from GET /api/tasks alone: a facet card that filters by `?tone=`, a filter chip, and its label in the
 * article view's labels panel.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { hasChromium, launchBrowser } from './browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../../src/doc/article.js';
import { analyzeArticle } from '../../../src/pipeline.js';
import { silentLogger } from '../../../src/server/log.js';
import { startServer, type RunningServer } from '../../../src/server/server.js';
import { SqliteStore } from '../../../src/store/sqlite.js';
import { toneTask, withTone } from '../../fixtures/tasks/tone/annotate.js';

const WEB_ROOT = resolve('dist/web');

const TEXTS = {
  kiln: 'Kiln festival opens\nThe potters of Varnholm opened their yearly kiln festival on Saturday with bowls and jugs.',
  flood: 'Panic at the harbour!\nA burst pipe flooded the Varnholm ferry shed and alarmed the night crew!',
};

describe.skipIf(!hasChromium)('a new task in the dashboard', () => {
  let dir: string;
  let server: RunningServer;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'narrascope-tone-web-'));
    const db = join(dir, 'tone.db');
    const store = new SqliteStore(db, { tasks: withTone });
    store.putBatch(
      Object.entries(TEXTS).map(([id, raw]) => {
        const article = createArticle({ id, raw, origin: { format: 'text' } });
        return { article, analysis: analyzeArticle(article, { annotators: [toneTask], language: 'en' }) };
      }),
    );
    store.close();
    server = await startServer({ db, port: 0, webRoot: WEB_ROOT, log: silentLogger, token: '', tasks: withTone, warmUp: false });
    context = await launchBrowser(join(dir, 'profile'));
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gives it a facet card whose bars filter by it', async () => {
    await page.goto(`${server.url}/#/`);
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('2 article(s)');
    const bars = page.locator('ul[aria-label="tones"] button.bar');
    expect(await bars.count()).toBe(2);
    await bars.and(page.locator('[data-label="alarmed"]')).click();
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('1 article(s)');
    expect(new URL(page.url()).hash).toContain('tone=alarmed');
    expect(await page.locator('.filter-chips').textContent()).toContain('tone: alarmed');
  });

  it('shows its label in the article view through the generic labels panel', async () => {
    await page.goto(`${server.url}/#/article/flood`);
    const panel = page.locator('section[aria-label="Tone"]');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('Tone: alarmed (90%)');
  });
});
