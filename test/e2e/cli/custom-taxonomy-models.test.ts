/** `narrascope models list|rollback` on a user folder with installed models (written with the install module; no training): JSON listing, errors that name what is missing. Spawns dist/cli/main.js. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installModel } from '../../../src/learn/from-store-install.js';

const CLI = resolve('dist/cli/main.js');
const exec = promisify(execFile);
let models: string;
const saved = process.env.NARRASCOPE_MODELS;

beforeAll(() => {
  // NARRASCOPE_MODELS: the only folder read, and where models are installed.
  models = mkdtempSync(join(tmpdir(), 'narrascope-models-cli-'));
  process.env.NARRASCOPE_MODELS = models;
  installModel('narratives', 'en', new TextEncoder().encode('en-1'), { version: 'EN-a' }, new Date('2026-03-01T10:00:00Z'));
  installModel('narratives', 'en', new TextEncoder().encode('en-2'), { version: 'EN-b', scores: { coarse: { mean: 0.7, sd: 0.01 }, fine: { mean: 0.6, sd: 0.02 }, articles: 40, method: '5-fold CV, seeds 42,43,44' }, trainedOn: { approved: 40 } }, new Date('2026-03-02T10:00:00Z'));
  installModel('narratives', 'pt', new TextEncoder().encode('pt-1'), { version: 'PT-a' }, new Date('2026-03-03T10:00:00Z'));
  installModel('narratives', 'pt', new TextEncoder().encode('pt-2'), { version: 'PT-b' }, new Date('2026-03-04T10:00:00Z'));
});

afterAll(() => {
  if (saved === undefined) delete process.env.NARRASCOPE_MODELS;
  else process.env.NARRASCOPE_MODELS = saved;
  rmSync(models, { recursive: true, force: true });
});

const run = (args: string[]) => exec(process.execPath, [CLI, ...args], { env: { ...process.env, NARRASCOPE_MODELS: models } });
const failure = (args: string[]) => run(args).then(() => { throw new Error('no failure'); }, (e: { stderr: string; code: number }) => e);

describe('narrascope models', () => {
  it('lists the installed and previous models with dates and scores, as text and JSON', async () => {
    const { stdout } = await run(['models', 'list', '--task', 'narratives']);
    expect(stdout).toContain(`installed models: ${models}\n`);
    expect(stdout).toContain('narratives\tEN\ttrained 2026-03-02 10:00 (EN-b), F1@coarse 0.700 ± 0.010, F1@fine 0.600 ± 0.020 (5-fold CV, seeds 42,43,44, 40 articles), trained on 40 approved, SemEval taxonomy\n\t\tprevious: trained 2026-03-01 10:00 (EN-a), SemEval taxonomy\n');
    const json = JSON.parse((await run(['models', 'list', '--json'])).stdout);
    expect(json.folder).toBe(models);
    expect(json.models.find((m: { task: string; lang: string }) => m.task === 'narratives' && m.lang === 'PT').installed.version).toBe('PT-b');
  });

  it('needs --lang when several languages have a previous model, and rolls back the one named', async () => {
    const ambiguous = await failure(['models', 'rollback', 'narratives']);
    expect(ambiguous.code).not.toBe(0);
    expect(ambiguous.stderr).toContain('--lang: narratives has previous models for EN, PT; name one');
    const { stderr } = await run(['models', 'rollback', 'narratives', '--lang', 'pt']);
    expect(stderr).toContain('narratives PT: now trained 2026-03-03 10:00 (PT-a)');
    expect(readFileSync(join(models, 'narratives', 'PT.nscm'), 'utf8')).toBe('pt-1');
    expect(readFileSync(join(models, 'narratives', 'EN.nscm'), 'utf8')).toBe('en-2');
  });

  it('names an unknown task and a task with nothing to roll back', async () => {
    expect((await failure(['models', 'rollback', 'tone'])).stderr).toContain('unknown task "tone" (one of: narratives');
    expect((await failure(['models', 'rollback', 'genre'])).stderr).toContain(`genre: no installed model has a previous one to roll back to (${join(models, 'genre')})`);
  });
});
