/**
 * How the PostgreSQL engine (engine.ts) is put together from its parts: the core tables and writes
 * (engine.ts, schema.ts), the corpus queries (queries.ts) and provenance (provenance.ts). Each part
 * brings its schema as migrations and is called inside the engine's write transactions, the way
 * SqliteStore calls SqliteCorpusQueries' facet rows and SqliteProvenance.
 */
import type pg from 'pg';
import type { Analysis } from '../../schema.js';

/** Something to run SQL on: the pool, or the client holding the current transaction. */
export type Sql = Pick<pg.PoolClient, 'query'>;

/** One schema migration: SQL run once, in its own transaction, in order. */
export interface PgMigration {
  /** What it adds, for the version table. */
  name: string;
  sql: string;
}

/** An article just written (inserted, or given a new analysis) in the current transaction. */
export interface WrittenArticle {
  /** articles.seq (bigint identity, as a JS number). */
  seq: number;
  id: string;
  /** The text with boilerplate removed, as stored in articles.clean_text. */
  cleanText: string;
  source: string | null;
  /** Publication date when dated (YYYY-MM-DD…), else the ingest time: orders a cluster (sqlite-provenance.ts seenAtOf). */
  seenAt: string;
  language: string;
  analysis: Analysis;
}
