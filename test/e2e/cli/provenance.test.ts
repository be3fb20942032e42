/** `narrascope provenance`, `clusters`, `sources` and `show` on a stored corpus of invented copies, run as the built CLI (dist/cli/main.js, rebuilt first when stale): text, JSON and errors that name the problem. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provenanceDatabase } from '../../server/provenance-fixtures.js';

const CLI = resolve('dist/cli/main.js');
let db: ReturnType<typeof provenanceDatabase>;

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args, '--db', db.path], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  db = provenanceDatabase();
});
afterAll(() => db?.cleanup());

describe('the provenance commands on a stored corpus', () => {
  it('provenance <id> shows the cluster, the copies, the damage with its reasons and the sourcing', () => {
    const { status, stdout } = run('provenance', 'ferry-copy-spun');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Cluster \S+ {2}3 articles, first seen 2026-10-05, last seen 2026-10-08$/m);
    expect(stdout).toMatch(/^ {2}earliest {2}ferry-original {2}Kelmarsh Gazette {2}2026-10-05 {2}earliest/m);
    expect(stdout).toMatch(/Copies {2}2 other article\(s\) in cluster \S+; this is a copy; earliest ferry-original \(Kelmarsh Gazette, 2026-10-05\)/);
    expect(stdout).toMatch(/"Kelmarshi" → Kelmarsh {2}entity-near-miss: near-miss of a known place name/);
    // The store's word-for-word comparison with the earliest copy adds substitutions.
    expect(stdout).toMatch(/"Kelmarshi" → Kelmarsh {2}substitution:/);
    expect(stdout).toContain('Sourcing  2 of 2 attributions are anonymous');
  });

  it('provenance --json gives the store answer with the analysis damage and sourcing', () => {
    const json = JSON.parse(run('provenance', 'ferry-copy-farm', '--json').stdout) as { isCopy: boolean; cluster: { earliest: { id: string } }; copies: unknown[]; sourcing: unknown };
    expect(json.isCopy).toBe(true);
    expect(json.cluster.earliest.id).toBe('ferry-original');
    expect(json.copies).toHaveLength(2);
    expect(json).toHaveProperty('sourcing');
  });

  it('show lists the copies from the store', () => {
    const { status, stdout } = run('show', 'ferry-original');
    expect(status).toBe(0);
    expect(stdout).toMatch(/Copies {2}2 other article\(s\) in cluster \S+; this is the earliest of its cluster/);
    expect(run('show', 'orchard-report').stdout).toContain('Copies  none stored (no other article is a near-duplicate of this one)');
  });

  it('clusters lists the cluster largest first, as a table or JSON lines', () => {
    const table = run('clusters');
    expect(table.stdout.split('\n')[1]).toMatch(/^\S+\s+3\s+2026-10-05\s+2026-10-08\s+ferry-original \(Kelmarsh Gazette\)/);
    expect(table.stderr).toContain('1–1 of 1 cluster(s)');
    const lines = run('clusters', '--json').stdout.trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { size: number }).size)).toEqual([3]);
    expect(run('clusters', '--min-size', '4').stdout).toBe('');
  });

  it('sources ranks profiles by copy share, or by articles with --sort', () => {
    const bySharing = run('sources', '--json').stdout.trim().split('\n').map((l) => JSON.parse(l) as { source: string; copyShare: number });
    expect(bySharing.at(-1)).toMatchObject({ source: 'Kelmarsh Gazette', copyShare: 0 });
    expect(bySharing.slice(0, 2).map((s) => s.copyShare)).toEqual([1, 1]);
    const byArticles = run('sources', '--sort', 'articles', '--limit', '1');
    expect(byArticles.stdout.split('\n')[1]).toMatch(/^Kelmarsh Gazette\s+2\s+0\s+0%\s+1/);
    expect(byArticles.stderr).toContain('1–1 of 3 source(s) (--offset 1 for more)');
  });

  it('names the problem: an unknown article, a bad option value', () => {
    const missing = run('provenance', 'no-such-article');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no stored article with id or hash "no-such-article"');
    const small = run('clusters', '--min-size', '1');
    expect(small.status).not.toBe(0);
    expect(small.stderr).toContain('--min-size must be an integer of at least 2');
    const sort = run('sources', '--sort', 'size');
    expect(sort.status).not.toBe(0);
    expect(sort.stderr).toMatch(/--sort <key>.*size.*copyShare, articles, copies|Allowed choices are copyShare, articles, copies/);
  });
});
