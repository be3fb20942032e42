/**
 * Opens the store the user asked for: `--db <file or URL>`, else $NARRASCOPE_DB, else ./narrascope.db.
 * A postgres:// (or postgresql://) URL opens the PostgreSQL engine (src/store/pg/), loaded only then;
 * anything else is a SQLite file.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isPostgresUrl, redactDb } from './db-url.js';
import { SqliteEngine } from './sqlite-engine.js';
import type { StorageEngine } from './engine.js';
import type { AnyTask } from '../tasks/task.js';

export { isPostgresUrl, redactDb } from './db-url.js';

export const DEFAULT_DB_FILE = 'narrascope.db';

export interface OpenStoreOptions {
  /** Database file or postgres:// URL, from `--db`. */
  db?: string;
  /** Fail with a clear message when the database does not exist (read-only commands). */
  mustExist?: boolean;
  /** Statistics results kept by the engine (0: none; default: the engine's). */
  statsCacheSize?: number;
  /** The tasks whose label rows the store indexes (default: tasks/registry.ts TASKS). */
  tasks?: readonly AnyTask[];
  /** Keep the near-duplicate index at ingest (default true; `ingest --no-provenance` turns it off). */
  provenance?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}


/** The database the options name: a postgres:// URL as given, else a resolved file path. Opens nothing. */
export function resolveDbPath(options: OpenStoreOptions = {}): string {
  const env = options.env ?? process.env;
  const chosen = options.db || env.NARRASCOPE_DB || DEFAULT_DB_FILE;
  return isPostgresUrl(chosen) ? chosen : resolve(options.cwd ?? process.cwd(), chosen);
}


export async function openStore(options: OpenStoreOptions = {}): Promise<StorageEngine> {
  const target = resolveDbPath(options);
  if (isPostgresUrl(target)) {
    const { openPostgresEngine } = await import('./pg/engine.js');
    try {
      return await openPostgresEngine(target, {
        mustExist: options.mustExist ?? false,
        ...(options.statsCacheSize !== undefined ? { statsCacheSize: options.statsCacheSize } : {}),
        ...(options.tasks ? { tasks: options.tasks } : {}),
        ...(options.provenance === false ? { provenance: false } : {}),
      });
    } catch (err) {
      // The cause keeps the engine's error kind (a StoreConnectionError is worth waiting out).
      throw new Error(`cannot open database ${redactDb(target)}: ${(err as Error).message}`, { cause: err });
    }
  }
  if (options.mustExist && !existsSync(target)) {
    throw new Error(`no database at ${target} (run "narrascope ingest <path>" first, or pass --db / set NARRASCOPE_DB)`);
  }
  try {
    return new SqliteEngine(target, {
      mustExist: options.mustExist ?? false,
      ...(options.statsCacheSize !== undefined ? { statsCacheSize: options.statsCacheSize } : {}),
      ...(options.tasks ? { tasks: options.tasks } : {}),
      ...(options.provenance === false ? { provenance: false } : {}),
    });
  } catch (err) {
    throw new Error(`cannot open database ${target}: ${(err as Error).message}`);
  }
}
