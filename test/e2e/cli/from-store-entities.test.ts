/** `narrascope train entities --from-store` on an invented corpus whose entity roles analysts corrected: cross-validates, compares with the model in use, installs it (keeping the shipped one), `models list` shows it, `models rollback` restores the shipped one. Spawns dist/cli/main.js. */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../../src/doc/article.js';
import { analyzeArticle } from '../../../src/pipeline.js';
import type { Analysis } from '../../../src/schema.js';
import { SqliteEngine } from '../../../src/store/sqlite-engine.js';

const CLI = resolve('dist/cli/main.js');
const exec = promisify(execFile);

type Entity = NonNullable<Analysis['entities']>[number];

const PEOPLE = ['Mara Velk', 'Tobin Ashgrove', 'Ilsa Quern', 'Dorran Pike', 'Senna Holloway', 'Bram Tuttle', 'Odile Varga', 'Corin Mabry', 'Hesper Lunn', 'Jory Falk', 'Nell Carrow'];
const PLACES = ['Dunmere', 'Saltreach', 'Kelby Cross', 'Upper Fennick', 'Marrowgate', 'Ostley'];

/** Article i: one person takes bribes, one protects the town, one loses a home in the flood. */
function article(i: number): { text: string; villain: string; hero: string; victim: string } {
  const [villain, hero, victim] = [PEOPLE[i % 11], PEOPLE[(i + 4) % 11], PEOPLE[(i + 7) % 11]];
  const place = PLACES[i % PLACES.length];
  const text = `Flood report ${i} from ${place}\n\n${villain} took bribes from the harbour builders of ${place} and hid the money abroad. Auditors say ${villain} cheated the town again on day ${i}. ${hero} protected the fishermen of ${place} and rescued a child from the water. ${victim}, a widow, lost her home in the flood and now sleeps in the school hall.`;
  return { text, villain, hero, victim };
}

/** The hand-made analysis's entity: every mention of the name, the role the model (wrongly, for two of three) gave. */
function entity(raw: string, name: string): Entity {
  const mentions = [...raw.matchAll(new RegExp(name, 'g'))].map((m) => ({ start: m.index!, end: m.index! + name.length, text: name }));
  return { name, mentions, mainRole: 'Protagonist', fineRoles: [{ role: 'Guardian', score: 0.6 }], confidence: 0.6, evidence: [] };
}

let dir: string;
let home: string;
let db: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'narrascope-from-store-entities-cli-'));
  // A home of its own: models are installed under ~/.narrascope/models, the package's stay as they are.
  home = join(dir, 'home');
  mkdirSync(home);
  db = join(dir, 'c.db');
  const engine = new SqliteEngine(db);
  try {
    const stories = Array.from({ length: 30 }, (_, i) => article(i));
    await engine.putBatch(stories.map((s, i) => {
      const a = createArticle({ id: `f${i}`, raw: s.text, origin: { format: 'text' } });
      const analysis = analyzeArticle(a, { language: 'en' });
      analysis.entities = [s.villain, s.hero, s.victim].map((name) => entity(s.text, name));
      return { article: a, analysis };
    }));
    const change = (name: string, main: string, fine: string) => [
      { task: 'entities', entity: name, label: 'Protagonist', decision: 'reject' as const },
      { task: 'entities', entity: name, label: 'Guardian', decision: 'reject' as const },
      { task: 'entities', entity: name, label: main, decision: 'add' as const },
      { task: 'entities', entity: name, label: fine, decision: 'add' as const },
    ];
    for (const [i, s] of stories.entries()) {
      const decisions = [...change(s.villain, 'Antagonist', 'Corrupt'), { task: 'entities', entity: s.hero, label: 'Protagonist', decision: 'accept' as const }, ...change(s.victim, 'Innocent', 'Victim')];
      // A role for someone the analysis found no mention of: cannot be a subtask-1 row.
      if (i === 0) decisions.push({ task: 'entities', entity: 'Wick Ember', label: 'Innocent', decision: 'add' });
      await engine.annotations.annotate({ articleId: `f${i}`, author: 'ana', decisions });
    }
  } finally {
    await engine.close();
  }
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const env = () => {
  const e: NodeJS.ProcessEnv = { ...process.env, HOME: home };
  delete e.NARRASCOPE_MODELS;
  return e;
};
const run = (args: string[]) => exec(process.execPath, [CLI, ...args], { env: env(), timeout: 300_000 });

/** The mean of EMR and main accuracy on a score line (the figure models are compared by). */
function overallOf(line: string): number {
  const emr = Number(/EMR (\d\.\d{3})/.exec(line)![1]);
  const main = Number(/main acc (\d\.\d{3})/.exec(line)![1]);
  return (emr + main) / 2;
}

describe('narrascope train entities --from-store', () => {
  it('cross-validates on the approved roles, compares with the shipped model, installs by the scores (or forced); models list shows it; rollback restores the shipped one', async () => {
    const first = await run(['train', 'entities', '--from-store', '--db', db, '--cv', '3']);
    const lines = first.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^EN\tEMR \d\.\d{3} ± \d\.\d{3} {2}main acc \d\.\d{3} ± \d\.\d{3} {2}micro F1 \d\.\d{3} ± \d\.\d{3}\tnew model, 3-fold CV over seeds 42,43,44 on 30 approved article\(s\) \(120 mentions\)$/);
    expect(lines[1]).toMatch(/^EN\tEMR .*\tinstalled model EN-\S+ on the same 30 article\(s\)$/);
    expect(first.stderr).toContain('left out: 1 role decision(s) on entities with no mention in the article\'s analysis');
    // The new model learnt the corrected roles from the words around each name.
    expect(overallOf(lines[0])).toBeGreaterThan(0.8);
    const better = overallOf(lines[0]) > overallOf(lines[1]);
    expect(first.stderr).toContain(better ? 'EN: installed (better than the installed one' : 'EN: not installed: the new model');
    if (!better) expect((await run(['train', 'entities', '--from-store', '--db', db, '--cv', '3', '--force'])).stderr).toContain('EN: installed (forced)');
    const installed = join(home, '.narrascope', 'models', 'entities');
    expect(existsSync(join(installed, 'EN.nscm'))).toBe(true);
    expect(existsSync(join(installed, 'previous', 'EN.nscm'))).toBe(true);

    const listed = (await run(['models', 'list', '--task', 'entities'])).stdout;
    expect(listed).toMatch(/entities\tEN\ttrained \S+ \S+ \(EN-\S+\), EMR \d\.\d{3} ± \d\.\d{3}, main acc \d\.\d{3} ± \d\.\d{3}, micro F1 \d\.\d{3} ± \d\.\d{3} \(3-fold CV, seeds 42,43,44, 30 articles\), trained on 30 approved, SemEval taxonomy\n\t\tprevious: shipped model/);

    // Trained from this store, its recorded CV scores are what a new run must beat.
    const again = await run(['train', 'entities', '--from-store', '--db', db, '--cv', '3']);
    expect(again.stdout).toMatch(/\tinstalled model EN-\S+: its 3-fold CV, seeds 42,43,44 when trained from this store \(30 articles; it has seen these\)/);

    const back = await run(['models', 'rollback', 'entities']);
    expect(back.stderr).toContain('entities EN: now shipped model');
  }, 600_000);

  it('names what is missing when no article has a role decision', async () => {
    const empty = join(dir, 'empty.db');
    const engine = new SqliteEngine(empty);
    const a = createArticle({ id: 'e0', raw: article(0).text, origin: { format: 'text' } });
    await engine.putBatch([{ article: a, analysis: analyzeArticle(a, { language: 'en' }) }]);
    await engine.close();
    const failed = await run(['train', 'entities', '--from-store', '--db', empty]).then(() => ({ stderr: '', code: 0 }), (e: { stderr: string; code: number }) => e);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain("no stored article has an analyst's decision on an entity role");
  }, 120_000);
});
