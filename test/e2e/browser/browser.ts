/** The browser the dashboard tests drive: Debian's chromium through playwright-core, launched the same way by every test. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { silentLogger } from '../../../src/server/log.js';
import { startServer, type RunningServer } from '../../../src/server/server.js';
import { openStore } from '../../../src/store/open.js';
import type { StoreItem } from '../../../src/store/types.js';
import { dropDatabase, freshDatabase } from '../../store/pg-env.js';

export const CHROMIUM = '/usr/bin/chromium';
/** The built dashboard the tests serve. */
export const WEB_ROOT = resolve('dist/web');
export const hasChromium = existsSync(CHROMIUM);

/** The flags every launch uses: headless, no sandbox (root in CI), nothing fetched from the network. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A persistent chromium context on the profile folder `profile`. */
export function launchBrowser(profile: string, viewport?: { width: number; height: number }): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, ...(viewport ? { viewport } : {}) });
}

/** A dashboard open in chromium: the server on a store, the page, and the page's errors as they come. */
export interface DashboardSession {
  server: RunningServer;
  page: Page;
  /** Uncaught page errors and console errors, in order. */
  pageErrors: string[];
  /** Closes the browser and the server and removes the browser profile. */
  close(): Promise<void>;
}

/** Serves the built dashboard (dist/web) on the store at `db` and opens it in chromium on a fresh profile. */
export async function openDashboard(db: string, options: { viewport?: { width: number; height: number }; warmUp?: boolean } = {}): Promise<DashboardSession> {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) throw new Error(`${WEB_ROOT}/index.html is missing: run "npm run build" first`);
  const server = await startServer({ db, port: 0, webRoot: WEB_ROOT, log: silentLogger, token: '', ...(options.warmUp === false ? { warmUp: false } : {}) });
  const profile = mkdtempSync(join(tmpdir(), 'narrascope-chromium-'));
  const context = await launchBrowser(profile, options.viewport);
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(msg.text());
  });
  return {
    server,
    page,
    pageErrors,
    async close() {
      await context.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The engines the dashboard tests run on: SQLite always, PostgreSQL when test/store/pg-env.ts finds it (required under CI). */
export type TestEngine = 'sqlite' | 'postgres';

/** A corpus of `items` on `engine`: the --db value the server opens (a file path or a postgres:// URL) and its removal. */
export async function corpusOn(engine: TestEngine, items: readonly StoreItem[]): Promise<{ db: string; cleanup: () => Promise<void> }> {
  let db: string;
  let cleanup: () => Promise<void>;
  if (engine === 'postgres') {
    db = await freshDatabase('ns_browser');
    cleanup = () => dropDatabase(db);
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'narrascope-browser-'));
    db = join(dir, 'corpus.db');
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  const store = await openStore({ db });
  try {
    await store.putBatch(items);
  } finally {
    await store.close();
  }
  return { db, cleanup };
}
