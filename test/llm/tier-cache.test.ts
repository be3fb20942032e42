/** The store's language-model answer cache: kept by (article hash, task, model, prompt version), kept across reopening. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore, STORE_SCHEMA_VERSION } from '../../src/store/sqlite.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dbFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'narrascope-llm-cache-'));
  dirs.push(dir);
  return join(dir, 'c.db');
}

describe('llm answer cache', () => {
  const key = { articleHash: 'ab'.repeat(32), task: 'narratives', model: 'http:tiny', promptVersion: 'narratives-1' };

  it('returns what was put under exactly the same key, and survives reopening', () => {
    const path = dbFile();
    const store = new SqliteStore(path);
    expect(store.getLlmAnswer(key)).toBeUndefined();
    store.putLlmAnswer(key, '{"a":1}');
    expect(store.getLlmAnswer(key)).toBe('{"a":1}');
    for (const other of [{ ...key, task: 'entities' }, { ...key, model: 'http:other' }, { ...key, promptVersion: 'narratives-2' }, { ...key, articleHash: 'cd'.repeat(32) }])
      expect(store.getLlmAnswer(other)).toBeUndefined();
    store.putLlmAnswer(key, '{"a":2}');
    store.close();
    const again = new SqliteStore(path);
    expect(again.getLlmAnswer(key)).toBe('{"a":2}');
    expect(again.checkConsistency()).toEqual([]);
    again.close();
    expect(STORE_SCHEMA_VERSION).toBeGreaterThanOrEqual(5);
  });
});
