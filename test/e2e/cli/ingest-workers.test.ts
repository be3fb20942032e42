/** `narrascope ingest --workers 2` and `reanalyze --workers 2`, run as the built CLI (dist/, rebuilt first when stale): the same stored analyses as with `--workers 1` on an invented folder (timings aside), label-shift batches and the corpus's frequent names included; a bad file is reported and the batch goes on; PostgreSQL too when it is reachable. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../../src/schema.js';
import { openStore } from '../../../src/store/open.js';
import { dropDatabase, freshDatabase, pgForTests } from '../../store/pg-env.js';
import { inventedStory } from '../../store/invented-text.js';

const CLI = resolve('dist/cli/main.js');
/** An invented minister whose name the seed corpus stores often enough to be a known corpus name, and its misspelling. */
const NAME = 'Marisol Quenby';
const MISSPELT = 'Marisol Quenbi';

let dir: string;
let seed: string;
let folder: string;

function ingest(db: string, ...more: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'ingest', folder, '--db', db, '--batch', '20', '--json', '--no-progress', ...more], { encoding: 'utf8', env: { ...process.env, NARRASCOPE_DB: '' } });
  return { status: r.status, stderr: r.stderr, summary: r.stdout.trim() ? (JSON.parse(r.stdout.trim()) as Record<string, unknown>) : {} };
}

/** Every stored analysis by id, without timings. */
async function analyses(db: string): Promise<Record<string, Analysis>> {
  const store = await openStore({ db, mustExist: true });
  try {
    const out: Record<string, Analysis> = {};
    for (const { id } of await store.list({ limit: 1000 })) out[id] = { ...(await store.get(id))!.analysis, timings: {} };
    return out;
  } finally {
    await store.close();
  }
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  dir = mkdtempSync(join(tmpdir(), 'narrascope-workers-'));
  // The seed corpus: the minister's name in four articles, so the provenance task knows it from the corpus.
  const seedTexts = join(dir, 'seed');
  mkdirSync(seedTexts);
  ['Monday', 'Tuesday', 'Wednesday', 'Thursday'].forEach((day, i) =>
    writeFileSync(join(seedTexts, `seed-${i}.txt`), `Minister visits the harbour on ${day}\n\nThe council of Lindenvik met on ${day}. Minister ${NAME} praised the new piers near Port Amsel, and ${NAME} promised more ferries. Residents welcomed the plan.\n`),
  );
  seed = join(dir, 'seed.db');
  const seeded = spawnSync(process.execPath, [CLI, 'ingest', seedTexts, '--db', seed, '--no-progress'], { encoding: 'utf8', env: { ...process.env, NARRASCOPE_DB: '' } });
  if (seeded.status !== 0) throw new Error(seeded.stderr);
  // 45 invented stories (three batches of 20, 20 and 5: two adapt to their label priors), a third of them misspelling the name, and a file that is not text.
  folder = join(dir, 'folder');
  mkdirSync(folder);
  for (let i = 0; i < 45; i++) {
    const who = i % 3 === 0 ? `Minister ${MISSPELT} said the work went well. ` : '';
    writeFileSync(join(folder, `story-${String(i).padStart(2, '0')}.txt`), `Story ${i} from the canal\n\n${who}${inventedStory(i + 1, 6)}\n`);
  }
  writeFileSync(join(folder, 'broken.txt'), Buffer.from([0x00, 0xff, 0x00, 0xfe, 0x01, 0x02]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ingest --workers', () => {
  it('stores the same analyses with 2 worker threads as in this thread', async () => {
    const [one, two] = [join(dir, 'one.db'), join(dir, 'two.db')];
    copyFileSync(seed, one);
    copyFileSync(seed, two);
    const a = ingest(one, '--workers', '1');
    const b = ingest(two, '--workers', '2');
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    const counts = (s: Record<string, unknown>) => ({ read: s.read, inserted: s.inserted, skipped: s.skipped, totalInDatabase: s.totalInDatabase });
    expect(counts(b.summary)).toEqual(counts(a.summary));
    expect(b.summary).toMatchObject({ read: 45, inserted: 45, skipped: { binary: 1 }, totalInDatabase: 49 });
    expect(b.stderr).toMatch(/skipped .*broken\.txt/);
    expect(b.stderr.match(/label priors: .*batch label priors for 20 en articles/g)).toHaveLength(2);

    const [x, y] = [await analyses(one), await analyses(two)];
    expect(Object.keys(y).sort()).toEqual(Object.keys(x).sort());
    expect(y).toEqual(x);
    // The corpus's name reached the threads: the misspelling is measured against it.
    const flagged = Object.values(y).filter((an) => an.provenance.damage?.some((d) => d.expected === 'Quenby'));
    expect(flagged).toHaveLength(15);
    expect(Object.values(y).filter((an) => an.labelShift !== undefined)).toHaveLength(40);
  });

  it('skips what is stored on a rerun, as in this thread', () => {
    const db = join(dir, 'rerun.db');
    expect(ingest(db, '--workers', '2').status).toBe(0);
    expect(ingest(db, '--workers', '2').summary).toMatchObject({ read: 45, inserted: 0, alreadyPresent: 45 });
  });
});

describe('reanalyze --workers', () => {
  it('refreshes every analysis with 2 worker threads as in this thread', async () => {
    const [one, two] = [join(dir, 're-one.db'), join(dir, 're-two.db')];
    copyFileSync(seed, one);
    expect(ingest(one, '--workers', '1').status).toBe(0);
    copyFileSync(one, two);
    const reanalyze = (db: string, workers: string) => spawnSync(process.execPath, [CLI, 'reanalyze', '--force', '--db', db, '--workers', workers], { encoding: 'utf8', env: { ...process.env, NARRASCOPE_DB: '' } });
    const [a, b] = [reanalyze(one, '1'), reanalyze(two, '2')];
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    expect(b.stderr).toContain('49 articles checked, 49 analyses refreshed');
    expect(await analyses(two)).toEqual(await analyses(one));
  });
});

const pg = await pgForTests();

describe.skipIf(!pg.available)('ingest --workers into PostgreSQL', () => {
  let url: string;
  beforeAll(async () => {
    url = await freshDatabase('ns_workers');
  });
  afterAll(async () => {
    if (url) await dropDatabase(url);
  });

  it('stores the same analyses as SQLite in this thread', async () => {
    const local = join(dir, 'pg-reference.db');
    expect(ingest(local, '--workers', '1').status).toBe(0);
    const r = ingest(url, '--workers', '2');
    expect(r.status, r.stderr).toBe(0);
    expect(r.summary).toMatchObject({ read: 45, inserted: 45 });
    expect(await analyses(url)).toEqual(await analyses(local));
  });
});
