#!/usr/bin/env node
// Screenshots of the dashboard for the README: the overview and the article view of one example
// article, served from a temporary database holding examples/articles analysed by the current pipeline.
// Usage: npm run build && node scripts/screenshots.mjs [--out docs/screenshots] [--article example-01-sanctions]
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { analyzeArticle } from '../dist/pipeline.js';
import { loadDemoArticles } from '../dist/server/demo.js';
import { silentLogger } from '../dist/server/log.js';
import { startServer } from '../dist/server/server.js';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const out = resolve(opt('--out', 'docs/screenshots'));
const articleId = opt('--article', 'example-01-sanctions');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

mkdirSync(out, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'narrascope-shots-'));
const server = await startServer({
  db: join(dir, 'demo.db'),
  port: 0,
  log: silentLogger,
  webRoot: resolve('dist/web'),
  beforeListen: async (deps) => void (await loadDemoArticles(deps.store, (a) => analyzeArticle(a))),
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
  console.log(`wrote ${join(out, 'overview.png')} and ${join(out, 'article.png')}`);
} finally {
  await context.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
