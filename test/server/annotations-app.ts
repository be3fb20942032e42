/** An app over the fixture corpus on SQLite or PostgreSQL for the role, token and annotation tests, with request helpers. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/server/app.js';
import type { ServerDeps } from '../../src/server/deps.js';
import { DEFAULT_LIMITS } from '../../src/server/limits.js';
import type { Role } from '../../src/store/annotations.js';
import type { StorageEngine } from '../../src/store/engine.js';
import { openPostgresEngine } from '../../src/store/pg/engine.js';
import { SqliteEngine } from '../../src/store/sqlite-engine.js';
import { resetActiveTaxonomy } from '../../src/taxonomy/active.js';
import { TOWN_TAXONOMY } from '../taxonomy/fixture.js';
import { dropDatabase, freshDatabase } from '../store/pg-env.js';
import { FIXTURE_SPECS, fixtureAnalysis, fixtureArticle, fixtureDatabase } from './fixtures.js';

export interface AnnotationApp {
  app: ReturnType<typeof createApp>;
  store: StorageEngine;
  close(): Promise<void>;
}

export interface AppOptions {
  token?: string;
  private?: boolean;
}

function appOver(store: StorageEngine, options: AppOptions, cleanup: () => Promise<void>): AnnotationApp {
  const deps: ServerDeps = {
    store,
    analyze: () => Promise.reject(new Error('no analyses in these tests')),
    ...(options.token ? { token: options.token } : {}),
    ...(options.private ? { private: true } : {}),
    limits: DEFAULT_LIMITS,
    log: () => {},
  };
  return {
    app: createApp(deps),
    store,
    close: async () => {
      await store.close();
      await cleanup();
    },
  };
}

/** The fixture corpus in a fresh SQLite file (`path` for reading the file's bytes). */
export function sqliteApp(options: AppOptions = {}): AnnotationApp & { path: string } {
  const db = fixtureDatabase();
  return { ...appOver(new SqliteEngine(db.path), options, async () => db.cleanup()), path: db.path };
}

/** The fixture corpus in a fresh PostgreSQL database (`url` for reading its tables). */
export async function postgresApp(options: AppOptions = {}): Promise<AnnotationApp & { url: string }> {
  const url = await freshDatabase('ns_annot');
  const store = await openPostgresEngine(url);
  await store.putBatch(FIXTURE_SPECS.map((spec) => {
    const article = fixtureArticle(spec);
    return { article, analysis: fixtureAnalysis(article, spec) };
  }));
  return { ...appOver(store, options, () => dropDatabase(url)), url };
}

export async function secretFor(store: StorageEngine, name: string, role: Role): Promise<string> {
  return (await store.tokens.createToken(name, role)).secret;
}

/** A JSON request with an optional bearer secret. */
export function call(app: AnnotationApp['app'], method: string, path: string, secret?: string, body?: unknown): Promise<Response> {
  return Promise.resolve(
    app.request(path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(secret ? { authorization: `Bearer ${secret}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    }),
  );
}

/** Makes the invented town's taxonomy (tests/taxonomy/fixture.ts) the active one, beside the SemEval labels; returns the undo. */
export function useTownTaxonomy(withSemEval: boolean): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'narrascope-taxonomy-'));
  const path = join(dir, 'town.json');
  writeFileSync(path, JSON.stringify({ ...TOWN_TAXONOMY, withSemEval }));
  const before = process.env.NARRASCOPE_TAXONOMY;
  process.env.NARRASCOPE_TAXONOMY = path;
  resetActiveTaxonomy();
  return () => {
    if (before === undefined) delete process.env.NARRASCOPE_TAXONOMY;
    else process.env.NARRASCOPE_TAXONOMY = before;
    resetActiveTaxonomy();
    rmSync(dir, { recursive: true, force: true });
  };
}
