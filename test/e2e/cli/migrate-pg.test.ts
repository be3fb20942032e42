/** `narrascope migrate` from SQLite to PostgreSQL and back, run as the built CLI against a real server (test/store/pg-env.ts): the same ids, texts, ingest times, analyses, labels and clusters on every side; reruns copy nothing. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase, freshDatabase, pgForTests } from '../../store/pg-env.js';
import { contents, migrate, sourceCorpus } from './migrate-fixture.js';

const pg = await pgForTests();

describe.skipIf(!pg.available)('narrascope migrate, SQLite to PostgreSQL and back', () => {
  let dir: string;
  let source: string;
  let url: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'narrascope-migrate-pg-'));
    source = sourceCorpus(dir);
    url = await freshDatabase('ns_migrate');
  });
  afterAll(async () => {
    if (url) await dropDatabase(url);
    rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips the corpus: the same ids, texts, ingest times, analyses, labels and clusters; reruns copy nothing', async () => {
    const there = migrate(source, url);
    expect(there.status, there.stderr).toBe(0);
    expect(there.summary).toMatchObject({ copied: 4, renamed: 0, differences: [], failed: [] });
    expect(migrate(source, url).summary).toMatchObject({ copied: 0, alreadyPresent: 4, differences: [] });

    const back = join(dir, 'back.db');
    const home = migrate(url, back);
    expect(home.status, home.stderr).toBe(0);
    expect(home.summary).toMatchObject({ copied: 4, renamed: 0, differences: [] });
    expect(migrate(url, back).summary).toMatchObject({ copied: 0, alreadyPresent: 4 });
    const original = await contents(source);
    expect(await contents(url)).toEqual(original);
    expect(await contents(back)).toEqual(original);
  });
});
