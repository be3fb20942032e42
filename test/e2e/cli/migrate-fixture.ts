/** What the `narrascope migrate` tests share: a small invented corpus ingested by the built CLI, the CLI runner, and a database's contents as a copy must keep them. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openStore } from '../../../src/store/open.js';

const CLI = resolve('dist/cli/main.js');

/** Invented articles: two stories, one of them copied by a second outlet (so the near-duplicate index has a cluster to rebuild). */
export const ARTICLES: Record<string, string> = {
  'harbour-bells': 'Harbour board repaints the copper bells\n\nThe harbour board of Lindenvik repainted the copper bells on a quiet Tuesday. Residents said the new colour was cheerful. The board said the work cost less than planned and finished early.\n',
  'harbour-bells-copy': 'Harbour board repaints the copper bells\n\nThe harbour board of Lindenvik repainted the copper bells on a quiet Tuesday. Residents said the new colour was cheerful. The board said the work cost less than planned and finished early. Read more on our site.\n',
  'tram-timetable': 'Tram company delays the spring timetable\n\nThe tram company of Port Amsel delayed the spring timetable after the long frost. Officials blamed the weather and promised that the new lines would open in May.\n',
  'orchard-gates': 'Museum guild catalogues three orchard gates\n\nThe museum guild of Tamberg catalogued three orchard gates before the autumn fair. The guild said the gates are older than the town hall and asked visitors to keep off them.\n',
};

/** One more invented article, for a corpus that grows. */
export const EXTRA = 'Library trust moves forty market stalls\n\nThe library trust of Kerrow moved forty market stalls along the canal at dawn. Traders said the new places were better lit.\n';

export interface MigrateRun {
  status: number | null;
  stdout: string;
  stderr: string;
  summary?: { copied: number; alreadyPresent: number; renamed: number; differences: string[]; failed: unknown[] };
}

/** Runs the built CLI (no $NARRASCOPE_DB from the environment). */
export function cli(...args: string[]): Omit<MigrateRun, 'summary'> {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', NARRASCOPE_DB: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `narrascope migrate --from --to --json` and its parsed summary. */
export function migrate(from: string, to: string): MigrateRun {
  const r = cli('migrate', '--from', from, '--to', to, '--json', '--no-progress');
  return { ...r, ...(r.stdout.trim() ? { summary: JSON.parse(r.stdout.trim()) as MigrateRun['summary'] } : {}) };
}

/** Writes `texts` (id → text) as files in a new folder `dir/name` and returns its path. */
export function textFolder(dir: string, name: string, texts: Record<string, string>): string {
  const folder = join(dir, name);
  mkdirSync(folder);
  for (const [id, text] of Object.entries(texts)) writeFileSync(join(folder, `${id}.txt`), text);
  return folder;
}

/** Ingests ARTICLES into `dir/source.db` with the built CLI and returns the database path. */
export function sourceCorpus(dir: string): string {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  const db = join(dir, 'source.db');
  const ingested = cli('ingest', textFolder(dir, 'texts', ARTICLES), '--db', db, '--no-progress');
  if (ingested.status !== 0) throw new Error(`ingest of the invented corpus failed: ${ingested.stderr}`);
  return db;
}

/** Every stored article of `db` by id (hash, text, fields, ingest time, analysis, labels), and its near-duplicate clusters: what a copy must keep. */
export async function contents(db: string): Promise<Record<string, unknown>> {
  const store = await openStore({ db, mustExist: true });
  try {
    const out: Record<string, unknown> = {};
    for (const summary of await store.list({ limit: 1000 })) {
      const { modelVersion: _version, ...stored } = (await store.get(summary.id))!;
      out[summary.id] = { ...stored, labels: await store.labelsOf(summary.id) };
    }
    // Clusters are rebuilt by the target's index from the texts and ingest times.
    const { clusters } = await store.clusters();
    out['#clusters'] = clusters.map((c) => ({ size: c.size, earliest: c.earliest.id, firstSeen: c.firstSeen, lastSeen: c.lastSeen }));
    return out;
  } finally {
    await store.close();
  }
}
