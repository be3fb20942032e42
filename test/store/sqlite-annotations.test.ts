/** The SQLite engine against the annotation and token conformance suite: a fresh database file per test. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEngine } from '../../src/store/sqlite-engine.js';
import { describeAnnotationStore } from './annotations-conformance.js';

describeAnnotationStore('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'narrascope-annotations-'));
  const path = join(dir, 'store.db');
  const engine = new SqliteEngine(path);
  const db = engine.store.connection;
  return {
    engine,
    connect: async () => new SqliteEngine(path),
    // Every row of every table, and the database file's bytes with its write-ahead log: a secret is in none of them.
    allRowsText: async () => {
      const tables = db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`).all();
      const rows = tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t.name}"`).all()));
      const files = [path, `${path}-wal`].map((f) => readFileSync(f).toString('latin1'));
      return [...rows, ...files].join('\n');
    },
    exec: async (sql) => {
      db.exec(sql);
    },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
