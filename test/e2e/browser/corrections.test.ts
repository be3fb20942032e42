/**
 * Analysts' corrections in a real browser (issue 17): chromium on a server over a temporary SQLite store of invented
 * articles with tokens made through the store's TokenStore. Accept, reject, add a narrative from the taxonomy picker
 * and mark a technique span by selecting text in the article view; the analyst's labels show after a reload and
 * after `narrascope reanalyze --force` (the built CLI on the same database) replaced every analysis; errors name
 * their field; the keyboard shortcuts; markup in an article shows as text.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEngine } from '../../../src/store/sqlite-engine.js';
import { fixtureDatabase, NARRATIVE_LABELS } from '../../server/fixtures.js';
import { CHROMIUM, hasChromium, openDashboard, type DashboardSession } from './browser.js';
import { markText, row, runCli, setToken } from './corrections-helpers.js';

const OUT = resolve('test-output');
const { BLAME, DISCREDIT_WEST, CLIMATE_POLICIES } = NARRATIVE_LABELS;
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

describe.skipIf(!hasChromium)('corrections in the article view (chromium, SQLite)', () => {
  let db: ReturnType<typeof fixtureDatabase>;
  let session: DashboardSession;
  let page: Page;
  let url: string;
  const secrets: Record<string, string> = {};

  /** Opens an article afresh: the same hash again is no navigation, so then the page is reloaded. */
  const openArticle = async (id: string) => {
    const target = `${url}/#/article/${id}`;
    if (page.url() === target) await page.reload();
    else await page.goto(target);
    await page.getByTestId('corrections').waitFor();
  };

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    db = fixtureDatabase();
    const engine = new SqliteEngine(db.path);
    for (const [name, role] of [['anna', 'annotator'], ['bo', 'annotator'], ['vic', 'viewer']] as const) secrets[name] = (await engine.tokens.createToken(name, role)).secret;
    await engine.close();
    session = await openDashboard(db.path, { viewport: { width: 1360, height: 900 } });
    ({ page } = session);
    url = session.server.url;
  });

  afterAll(async () => {
    await session?.close();
    db?.cleanup();
  });

  it('without a token, or with a viewer token, a decision is refused with the field named, and nothing is stored', async () => {
    await openArticle('fixture-harbour');
    expect(await page.getByTestId('token-state').textContent()).toBe('no token: read only');
    await row(page, 'narratives', BLAME).locator('button[data-action="accept"]').click();
    const error = page.getByTestId('correction-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/\(field: authorization\) Set an annotator token/);
    await setToken(page, secrets.vic);
    await row(page, 'narratives', BLAME).locator('button[data-action="accept"]').click();
    await expect.poll(() => error.textContent()).toMatch(/annotator.*\(field: authorization\)/);
    const stored = (await (await fetch(`${url}/api/articles/fixture-harbour/annotations`)).json()) as { revision: number };
    expect(stored.revision).toBe(0);
  });

  it('accepts, rejects, adds a narrative from the picker and marks a technique span; each shows as the analyst\'s', async () => {
    await setToken(page, secrets.anna);
    await openArticle('fixture-harbour');
    // The model's labels before any decision: its score, no analyst.
    expect(await row(page, 'narratives', BLAME).getAttribute('data-source')).toBe('model');

    await row(page, 'narratives', BLAME).locator('button[data-action="accept"]').click();
    await expect.poll(() => row(page, 'narratives', BLAME).getAttribute('data-source')).toBe('analyst');
    expect(await row(page, 'narratives', BLAME).getByTestId('analyst-badge').textContent()).toBe('analyst: anna');

    await row(page, 'narratives', DISCREDIT_WEST).locator('button[data-action="reject"]').click();
    await expect.poll(() => row(page, 'narratives', DISCREDIT_WEST).getAttribute('data-state')).toBe('rejected');
    expect(await row(page, 'narratives', DISCREDIT_WEST).locator('s').textContent()).toBe(DISCREDIT_WEST);
    // The model's card of the rejected narrative says so.
    const card = page.locator(`.narrative-card[data-narrative=${JSON.stringify(DISCREDIT_WEST)}]`);
    expect(await card.getAttribute('class')).toContain('rejected');
    expect(await card.getByTestId('rejected-note').textContent()).toBe("The model's label, rejected by anna.");

    // The picker searches names and definitions; the option names its domain.
    await page.getByTestId('picker-narratives').fill('criticism climate policies');
    const option = page.getByTestId('picker-list-narratives').locator(`button[data-label="${CLIMATE_POLICIES}"]`);
    expect(await option.locator('.picker-group').textContent()).toMatch(/climate/i);
    await option.click();
    await expect.poll(() => row(page, 'narratives', CLIMATE_POLICIES).getAttribute('data-source')).toBe('analyst');
    expect(await page.getByTestId('corrections').locator('.notice').first().textContent()).toBe(`Saved: ${CLIMATE_POLICIES} added.`);

    await markText(page, 'the talks would never work');
    expect(await page.getByTestId('selection').textContent()).toMatch(/^Selected \(\d+–\d+\): “the talks would never work”$/);
    await page.getByTestId('mark-technique').selectOption('Doubt');
    await page.getByTestId('mark-span').click();
    await expect.poll(() => row(page, 'techniques', 'Doubt').count()).toBe(1);
    expect(await row(page, 'techniques', 'Doubt').getAttribute('data-source')).toBe('analyst');
    // The text highlights the marked span, its tooltip naming the analyst without a score.
    const marked = page.locator('.seg.technique[data-technique~="Doubt"]');
    expect(await marked.allTextContents()).toEqual(['the talks would never work']);
    expect(await marked.first().getAttribute('title')).toBe('Doubt (analyst: anna)');
    await page.screenshot({ path: join(OUT, 'corrections.png'), fullPage: false });
  });

  it('removes a model technique span (reject): struck through in the panel, gone from the text', async () => {
    await openArticle('fixture-harbour');
    expect(await page.locator('.seg.technique[data-technique~="Name_Calling-Labeling"]').count()).toBe(1);
    await row(page, 'techniques', 'Name_Calling-Labeling').locator('button[data-action="reject"]').click();
    await expect.poll(() => row(page, 'techniques', 'Name_Calling-Labeling').getAttribute('data-state')).toBe('rejected');
    expect(await page.locator('.seg.technique[data-technique~="Name_Calling-Labeling"]').count()).toBe(0);
  });

  it("changes an entity's role in one request: the old role rejected, the new one added", async () => {
    await openArticle('fixture-harbour');
    const before = ((await (await fetch(`${url}/api/articles/fixture-harbour/annotations`)).json()) as { revision: number }).revision;
    await row(page, 'entities', 'Antagonist', 'distant bloc').getByTestId('role-change').selectOption('Protagonist');
    await expect.poll(() => row(page, 'entities', 'Protagonist', 'distant bloc').getAttribute('data-source')).toBe('analyst');
    expect(await row(page, 'entities', 'Antagonist', 'distant bloc').getAttribute('data-state')).toBe('rejected');
    const after = (await (await fetch(`${url}/api/articles/fixture-harbour/annotations`)).json()) as { revision: number; annotations: { decision: string; label: string }[] };
    expect(after.revision).toBe(before + 1);
    expect(after.annotations.slice(-2).map((a) => [a.decision, a.label])).toEqual([['reject', 'Antagonist'], ['add', 'Protagonist']]);
  });

  it("shows another annotator's disagreement as a conflict", async () => {
    const res = await fetch(`${url}/api/articles/fixture-harbour/annotations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secrets.bo}` },
      body: JSON.stringify({ decisions: [{ task: 'narratives', label: BLAME, decision: 'reject' }] }),
    });
    expect(res.status).toBe(201);
    await openArticle('fixture-harbour');
    const conflict = row(page, 'narratives', BLAME).getByTestId('conflict');
    expect(await conflict.getAttribute('title')).toMatch(/anna: accept.*bo: reject|bo: reject.*anna: accept/);
    // Back to anna's view: she accepts again, the latest decision applies.
    await row(page, 'narratives', BLAME).locator('button[data-action="accept"]').click();
    await expect.poll(() => row(page, 'narratives', BLAME).getByTestId('analyst-badge').textContent()).toBe('analyst: anna');
    expect(await row(page, 'narratives', BLAME).getAttribute('data-state')).toBe('shown');
    expect(await page.getByTestId('corrections').locator('.notice').first().textContent()).toBe('Saved; bo decided otherwise on the same label: recorded as a conflict.');
  });

  it('keyboard: j/k move between labels, r and a decide on the one in focus, / focuses the picker, ? shows the help, n opens the next article of the queue', async () => {
    await openArticle('fixture-windmill');
    await page.keyboard.press('?');
    await page.getByTestId('help-overlay').waitFor();
    expect(await page.getByTestId('help-overlay').textContent()).toContain('next article in the review queue');
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('help-overlay').count()).toBe(0);

    await page.keyboard.press('j');
    const first = page.getByTestId('label-row').first();
    expect(await first.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await first.getAttribute('data-task')).toBe('narratives');
    const label = (await first.getAttribute('data-label'))!;
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    expect(await first.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('r');
    await expect.poll(() => row(page, 'narratives', label).getAttribute('data-state')).toBe('rejected');
    // The focus stays on the row just decided, so a second key acts on it again.
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.label)).toBe(label);
    await page.keyboard.press('a');
    await expect.poll(() => row(page, 'narratives', label).getAttribute('data-state')).toBe('shown');
    expect(await row(page, 'narratives', label).getByTestId('analyst-badge').textContent()).toBe('analyst: anna');

    await page.keyboard.press('/');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.picker)).toBe('narratives');
    // A key typed in the picker is text, not a shortcut.
    await page.keyboard.type('n');
    expect(page.url()).toContain('#/article/fixture-windmill');
    await page.evaluate(() => (document.activeElement as HTMLElement).blur());

    await page.keyboard.press('n');
    await expect.poll(() => page.url()).toMatch(/#\/article\/fixture-(bakery|hostile)$/);
  });

  it('the review page shows the queue, progress and agreement, filters by source, and opens an article from the queue', async () => {
    await page.goto(`${url}/#/review`);
    await page.getByTestId('review').waitFor();
    expect(await page.getByTestId('review-progress').textContent()).toBe(' 2 of 4 article(s) reviewed (50%)');
    const queued = () => page.getByTestId('review-queue').locator('li.result').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.id));
    expect((await queued())!.sort()).toEqual(['fixture-bakery', 'fixture-hostile']);
    expect(await page.getByTestId('agreement').locator('li[data-pair="anna|bo"]').textContent()).toMatch(/^anna and bo: Cohen's kappa (-?\d\.\d\d|undefined) over 1 label\(s\) in 1 article\(s\)$/);
    expect(await page.getByTestId('alpha').textContent()).toMatch(/^Krippendorff's alpha (-?\d\.\d\d|undefined) over 1 label\(s\)/);

    await page.getByTestId('review-source').fill('example-blog.test');
    await page.getByTestId('review').locator('button[type="submit"]').click();
    await expect.poll(() => page.getByTestId('review-progress').textContent()).toBe(' 1 of 2 article(s) reviewed (50%)');
    expect(page.url()).toContain('#/review?source=example-blog.test');
    expect(await queued()).toEqual(['fixture-hostile']);
    await page.getByTestId('review-queue').locator('a.result-title').first().click();
    await page.getByTestId('corrections').waitFor();
    expect(page.url()).toContain('#/article/fixture-hostile');
    // The filter is kept for n: windmill (the other blog article) is reviewed, so no other article is left.
    await page.keyboard.press('n');
    await expect.poll(() => page.locator('.notice').first().textContent()).toBe('The review queue has no other article.');
  });

  it('adds a sub-narrative (its narrative comes with it) and replaces the genre from the pickers', async () => {
    await openArticle('fixture-bakery');
    const sub = `${DISCREDIT_WEST}: Diplomacy does/will not work`;
    await page.getByTestId('picker-narratives').fill('diplomacy does will not work');
    await page.getByTestId('picker-list-narratives').locator(`button[data-label=${JSON.stringify(sub)}]`).click();
    await expect.poll(() => row(page, 'narratives', sub).getAttribute('data-source')).toBe('analyst');
    expect(await row(page, 'narratives', sub).getAttribute('class')).toContain('sub');
    expect(await row(page, 'narratives', sub).locator('.row-label').textContent()).toBe('Diplomacy does/will not work');
    expect(await row(page, 'narratives', DISCREDIT_WEST).getAttribute('data-state')).toBe('shown');

    expect(await row(page, 'genre', 'reporting').getAttribute('data-source')).toBe('model');
    await page.getByTestId('picker-genre').fill('opinion');
    await page.getByTestId('picker-genre').press('Enter');
    await expect.poll(() => row(page, 'genre', 'opinion').getAttribute('data-source')).toBe('analyst');
    expect(await row(page, 'genre', 'reporting').getAttribute('data-state')).toBe('rejected');
  });

  it('shows markup in an article as text, in the text and in the corrections panel, and runs no script', async () => {
    await openArticle('fixture-hostile');
    expect(await page.locator('.article-title').textContent()).toBe('Example: <b>Bold</b> claims about the distant bloc');
    expect(await page.getByTestId('article-text').textContent()).toContain('<script>window.__pwned = 1</script>');
    const span = row(page, 'techniques', 'Loaded_Language');
    expect(await span.locator('.row-label').textContent()).toBe('Loaded Language “<script>window.__pwned = 1</script>”');
    await markText(page, '<a href="javascript:alert(1)">a link</a>');
    expect(await page.getByTestId('selection').textContent()).toContain('“<a href="javascript:alert(1)">a link</a>”');
    expect(await page.locator('article script, article img, .article-text a, .corrections a').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  const expectAnalystLabels = async () => {
    await openArticle('fixture-harbour');
    expect(await row(page, 'narratives', BLAME).getAttribute('data-state')).toBe('shown');
    expect(await row(page, 'narratives', BLAME).getByTestId('analyst-badge').textContent()).toBe('analyst: anna');
    expect(await row(page, 'narratives', DISCREDIT_WEST).getAttribute('data-state')).toBe('rejected');
    expect(await row(page, 'narratives', CLIMATE_POLICIES).getAttribute('data-source')).toBe('analyst');
    expect(await row(page, 'techniques', 'Doubt').getAttribute('data-source')).toBe('analyst');
    expect(await page.locator('.seg.technique[data-technique~="Doubt"]').allTextContents()).toEqual(['the talks would never work']);
    expect(await row(page, 'entities', 'Protagonist', 'distant bloc').getAttribute('data-source')).toBe('analyst');
  };

  it("shows the analyst's labels after a reload", async () => {
    await page.reload();
    await expectAnalystLabels();
  });

  it("shows the analyst's labels after reanalyze replaced the analysis with the shipped models'; a page left open on the old analysis cannot save", async () => {
    await openArticle('fixture-harbour');
    const before = ((await (await fetch(`${url}/api/articles/fixture-harbour`)).json()) as { modelVersion: string }).modelVersion;
    const r = await runCli('reanalyze', '--force', '--db', db.path);
    expect(r.status, r.stderr).toBe(0);
    const after = ((await (await fetch(`${url}/api/articles/fixture-harbour`)).json()) as { modelVersion: string }).modelVersion;
    expect(after).not.toBe(before);
    // The page still shows the labels of the replaced analysis: a decision on them is refused as stale, naming the field.
    await row(page, 'narratives', CLIMATE_POLICIES).locator('button[data-action="reject"]').click();
    await expect.poll(() => page.getByTestId('correction-error').textContent()).toMatch(/analysed again since.*\(field: modelVersion\) Reload the article/);
    await page.reload();
    await expectAnalystLabels();
  }, 180_000);

  it('raised no page error but the refused requests (401, 403, the stale 409)', () => {
    expect(session.pageErrors.filter((e) => !/status of 40[139]/.test(e))).toEqual([]);
  });
});
