/** The SQLite engine against the storage-engine conformance suite: a fresh database file per test. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite.js';
import { describeStorageEngine } from './conformance.js';

describeStorageEngine('SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'narrascope-conformance-'));
  const path = join(dir, 'store.db');
  return {
    engine: new SqliteStore(path),
    connect: () => new SqliteStore(path),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
});
