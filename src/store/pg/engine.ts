/**
 * The PostgreSQL engine (placeholder until the engine lands: opening one fails with a clear message).
 */
import type { StorageEngine } from '../engine.js';
import type { AnyTask } from '../../tasks/task.js';

export interface PostgresEngineOptions {
  /** Fail when the database has no narrascope schema (read-only commands). */
  mustExist?: boolean;
  statsCacheSize?: number;
  tasks?: readonly AnyTask[];
  /** Keep the near-duplicate index at ingest (default true). */
  provenance?: boolean;
}

/** Connects, brings the schema up to date (unless `mustExist`), and returns the engine. */
export async function openPostgresEngine(url: string, options: PostgresEngineOptions = {}): Promise<StorageEngine> {
  void url;
  void options;
  throw new Error('the PostgreSQL engine is not available in this build');
}
