/** The SQLite engine against the storage-engine conformance suite: a fresh database file per test. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEngine } from '../../src/store/sqlite-engine.js';
import { describeStorageEngine } from './conformance.js';

describeStorageEngine('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'narrascope-conformance-'));
  const path = join(dir, 'store.db');
  return {
    engine: new SqliteEngine(path),
    connect: async () => new SqliteEngine(path),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
