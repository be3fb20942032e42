/**
 * The article view marks a language model's labels: "model" instead of a probability, "model ·
 * unverified" when none of its quotes was found, the model's id in the tooltip; fast labels keep their
 * score bars. The labels are set on an invented article's fast analysis as the tier writes them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../../src/doc/article.js';
import { analyzeArticle } from '../../../src/pipeline.js';
import { SqliteStore } from '../../../src/store/sqlite.js';
import { NARRATIVE_LABELS } from '../../server/fixtures.js';
import { hasChromium, openDashboard, type DashboardSession } from './browser.js';

const RAW = 'Sanctions hurt Brackenford\n\nFarmers in Brackenford say the sanctions on Moscow ruin them. NATO provoked the war, a councillor claimed.';
const VERIFIED = NARRATIVE_LABELS.DISCREDIT_WEST;
const UNVERIFIED = NARRATIVE_LABELS.BLAME;

describe.skipIf(!hasChromium)('language-model labels in the article view', () => {
  let dir: string;
  let session: DashboardSession;
  let server: DashboardSession['server'];
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'narrascope-llm-web-'));
    const db = join(dir, 'c.db');
    const article = createArticle({ id: 'm1', raw: RAW, origin: { format: 'text' } });
    const analysis = analyzeArticle(article);
    const at = RAW.indexOf('the sanctions on Moscow ruin them');
    const by = { tier: 'hybrid' as const, model: 'http:tiny-test-model' };
    analysis.narratives = {
      ...analysis.narratives!,
      narratives: [
        { label: VERIFIED, score: 1, evidence: [{ start: at, end: at + 33, text: RAW.slice(at, at + 33), weight: 1 }], ...by, verified: true },
        { label: UNVERIFIED, score: 1, evidence: [], ...by, verified: false },
      ],
      subNarratives: [],
      dominant: { narrative: VERIFIED, subNarrative: `${VERIFIED}: Other`, explanation: 'In the model\'s words: sanctions are said to hurt the farmers.', evidence: [{ start: at, end: at + 33 }], ...by, verified: true },
    };
    const store = new SqliteStore(db);
    store.putBatch([{ article, analysis }]);
    store.close();
    session = await openDashboard(db, { warmUp: false });
    ({ server, page } = session);
  });

  afterAll(async () => {
    await session?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows "model" and "model · unverified" with the model in the tooltip, not a score', async () => {
    await page.goto(`${server.url}/#/article/m1`);
    const card = (label: string) => page.locator(`.narrative-card[data-narrative="${label}"]`);
    await card(VERIFIED).waitFor();
    expect(await card(VERIFIED).locator('.tier-mark').textContent()).toBe('model');
    expect(await card(VERIFIED).locator('.tier-mark').getAttribute('title')).toContain('labelled by http:tiny-test-model (hybrid tier)');
    expect(await card(VERIFIED).locator('.score').count()).toBe(0);
    expect(await card(UNVERIFIED).locator('.tier-mark.unverified').textContent()).toBe('model · unverified');
    const dominant = page.getByTestId('dominant');
    expect(await dominant.locator('.tier-mark').textContent()).toBe('model');
    expect(await dominant.locator('.explanation').textContent()).toBe('In the model\'s words: sanctions are said to hurt the farmers.');
  });
});
