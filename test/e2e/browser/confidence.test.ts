/**
 * The article view says what a score means and, for an article analysed in a batch, the label mix
 * its decisions followed beside the training mix (the test-only tone task's shift hook); labels in
 * that record are shown as text, never as HTML.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { hasChromium, launchBrowser } from './browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../../src/doc/article.js';
import { analyzeBatch } from '../../../src/pipeline.js';
import { silentLogger } from '../../../src/server/log.js';
import { startServer, type RunningServer } from '../../../src/server/server.js';
import { SqliteStore } from '../../../src/store/sqlite.js';
import { toneTask, withTone } from '../../fixtures/tasks/tone/annotate.js';

const WEB_ROOT = resolve('dist/web');

const PLACES = ['Varnholm', 'Eskerby', 'Lunmoor', 'Tidewick', 'Orrisdale'];
const calm = (i: number) => `Library hours ${i}\nThe library of ${PLACES[i % 5]} opens an hour earlier on weekday ${i % 7}.`;
const mild = (i: number) => `Road closed ${i}\nDrivers in ${PLACES[i % 5]} were alarmed by a closed road near bridge ${i}.`;
const HOSTILE = '<img src=x onerror="document.title=1">';

describe.skipIf(!hasChromium)('confidence in the article view', () => {
  let dir: string;
  let server: RunningServer;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'narrascope-confidence-web-'));
    const db = join(dir, 'c.db');
    const store = new SqliteStore(db, { tasks: withTone });
    const inputs = [...Array.from({ length: 25 }, (_, i) => calm(i)), ...Array.from({ length: 5 }, (_, i) => mild(i))].map((raw, i) => ({
      article: createArticle({ id: `b${i}`, raw, origin: { format: 'text' } }),
      language: 'en',
    }));
    const { analyses } = analyzeBatch(inputs, { annotators: [toneTask], priors: 'batch' });
    const single = { article: createArticle({ id: 'single', raw: calm(99), origin: { format: 'text' } }), language: 'en' };
    const hostile = { article: createArticle({ id: 'hostile', raw: calm(98), origin: { format: 'text' } }), language: 'en' };
    const [singleAnalysis, hostileAnalysis] = analyzeBatch([single, hostile], { annotators: [toneTask] }).analyses;
    hostileAnalysis.labelShift = { tone: { batchSize: 40, priors: { [HOSTILE]: 0.5 }, trainingPriors: { [HOSTILE]: 0.1 } } };
    store.putBatch([
      ...inputs.map((x, i) => ({ article: x.article, analysis: analyses[i] })),
      { article: single.article, analysis: singleAnalysis },
      { article: hostile.article, analysis: hostileAnalysis },
    ]);
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

  const panelText = async (id: string) => {
    await page.goto(`${server.url}/#/article/${id}`);
    const panel = page.getByTestId('confidence');
    await panel.waitFor();
    return (await panel.textContent()) ?? '';
  };

  it('says what a score means, and the batch label mix an adapted article was decided under', async () => {
    const text = await panelText('b27');
    expect(text).toContain('Scores are calibrated probabilities');
    expect(text).toContain('of the articles given 70% for a label, about 7 in 10 carry it');
    expect(text).toMatch(/Tone: decided under this batch's label mix \(30 articles\): calm \d\.\d\d \(training 0\.50\)/);
  });

  it('says an article analysed alone was decided under the training mix', async () => {
    expect(await panelText('single')).toContain("Labels were decided under the label mix of the models' training data.");
  });

  it('shows a label of the record as text', async () => {
    const text = await panelText('hostile');
    expect(text).toContain(`${HOSTILE} 0.50 (training 0.10)`);
    expect(await page.locator('[data-testid="confidence"] img').count()).toBe(0);
  });
});
