#!/usr/bin/env node
// Screenshots of the dashboard for the README: the overview, the article view of one example article,
// the Provenance page and the article view of one example copy, served from a temporary database holding the demo's example articles (and
// any --also folder or file) analysed by the current pipeline.
// Usage: npm run build && node scripts/screenshots.mjs [--out docs/screenshots] [--article example-01-sanctions] [--copy prov-03] [--also <path>]
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { analyzeArticle } from '../dist/pipeline.js';
import { DEMO_SOURCES, loadDemoArticles } from '../dist/server/demo.js';
import { silentLogger } from '../dist/server/log.js';
import { startServer } from '../dist/server/server.js';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const out = resolve(opt('--out', 'docs/screenshots'));
const articleId = opt('--article', 'example-01-sanctions');
const copyId = opt('--copy', 'prov-03');
// More inputs stored beside the examples (e.g. a folder of one's own articles); never shipped.
const also = args.flatMap((a, i) => (a === '--also' ? [resolve(args[i + 1])] : []));
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

mkdirSync(out, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'narrascope-shots-'));
const server = await startServer({
  db: join(dir, 'demo.db'),
  port: 0,
  log: silentLogger,
  webRoot: resolve('dist/web'),
  beforeListen: async (deps) => void (await loadDemoArticles(deps.store, (a) => analyzeArticle(a), [...DEMO_SOURCES, ...also])),
});
const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: CHROMIUM_ARGS,
  viewport: { width: 1360, height: 900 },
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${server.url}/#/`);
  await page.getByTestId('overview').waitFor();
  await page.screenshot({ path: join(out, 'overview.png'), fullPage: true });
  await page.goto(`${server.url}/#/article/${encodeURIComponent(articleId)}`);
  await page.getByTestId('article-view').waitFor();
  await page.screenshot({ path: join(out, 'article.png'), fullPage: true });
  await page.goto(`${server.url}/#/provenance`);
  await page.getByTestId('provenance').waitFor();
  await page.screenshot({ path: join(out, 'provenance.png'), fullPage: true });
  // A spun copy: its copies, the damage and the anonymous sourcing highlighted.
  await page.goto(`${server.url}/#/article/${encodeURIComponent(copyId)}`);
  await page.getByTestId('article-provenance').waitFor();
  await page.screenshot({ path: join(out, 'article-provenance.png'), fullPage: true });
  console.log(`wrote ${['overview.png', 'article.png', 'provenance.png', 'article-provenance.png'].map((f) => join(out, f)).join(', ')}`);
} finally {
  await context.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
