/** Opens the store the user asked for: `--db <file>`, else $NARRASCOPE_DB, else ./narrascope.db. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { SqliteStore } from './sqlite.js';
import type { StorageEngine } from './engine.js';
import type { AnyTask } from '../tasks/task.js';

export const DEFAULT_DB_FILE = 'narrascope.db';

export interface OpenStoreOptions {
  /** Database file, from `--db`. */
  db?: string;
  /** Fail with a clear message when the file does not exist (read-only commands). */
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

/** Resolves the database path without opening it. */
export function resolveDbPath(options: OpenStoreOptions = {}): string {
  const env = options.env ?? process.env;
  const chosen = options.db || env.NARRASCOPE_DB || DEFAULT_DB_FILE;
  return resolve(options.cwd ?? process.cwd(), chosen);
}

export function openStore(options: OpenStoreOptions = {}): StorageEngine & { path: string } {
  const path = resolveDbPath(options);
  if (options.mustExist && !existsSync(path)) {
    throw new Error(`no database at ${path} (run "narrascope ingest <path>" first, or pass --db / set NARRASCOPE_DB)`);
  }
  try {
    return new SqliteStore(path, { mustExist: options.mustExist ?? false, ...(options.statsCacheSize !== undefined ? { statsCacheSize: options.statsCacheSize } : {}), ...(options.tasks ? { tasks: options.tasks } : {}), ...(options.provenance === false ? { provenance: false } : {}) });
  } catch (err) {
    throw new Error(`cannot open database ${path}: ${(err as Error).message}`);
  }
}
