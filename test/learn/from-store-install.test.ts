/** Installing a trained model in the user's folder, searched before the package's; the previous one kept and restored by rollback. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedDir, installModel, readManifest, rollbackModel } from '../../src/learn/from-store-install.js';
import { languageModelPath, taskModelDir, userModelsRoot } from '../../src/tasks/models.js';

let home: string;
const saved = { HOME: process.env.HOME, MODELS: process.env.NARRASCOPE_MODELS };

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'narrascope-install-'));
  process.env.HOME = home;
  delete process.env.NARRASCOPE_MODELS;
});

afterAll(() => {
  process.env.HOME = saved.HOME;
  if (saved.MODELS !== undefined) process.env.NARRASCOPE_MODELS = saved.MODELS;
  rmSync(home, { recursive: true, force: true });
});

const bytes = (s: string) => new TextEncoder().encode(s);
const scores = (f: number) => ({ coarse: { mean: f, sd: 0 }, fine: { mean: f, sd: 0 }, articles: 30, method: 'test' });

describe('installed models', () => {
  it('installs into ~/.narrascope/models, keeping a copy of the shipped model as the previous one', () => {
    expect(userModelsRoot()).toBe(join(home, '.narrascope', 'models'));
    const shipped = readFileSync(join(taskModelDir('narratives'), 'EN.nscm'));
    const record = installModel('narratives', 'en', bytes('first'), { version: 'v1', scores: scores(0.5) }, new Date('2026-01-02T03:04:05Z'));
    expect(record.current).toMatchObject({ source: 'trained', installedAt: '2026-01-02T03:04:05.000Z', version: 'v1' });
    expect(record.previous?.source).toBe('package');
    expect(readFileSync(join(installedDir('narratives'), 'EN.nscm'), 'utf8')).toBe('first');
    expect(readFileSync(join(installedDir('narratives'), 'previous', 'EN.nscm')).equals(shipped)).toBe(true);
    // The package's file is untouched.
    expect(readFileSync(join(taskModelDir('narratives'), 'EN.nscm')).equals(shipped)).toBe(true);
  });

  it('is found before the package file for that language only', () => {
    expect(languageModelPath(taskModelDir('narratives'), 'en')).toBe(join(installedDir('narratives'), 'EN.nscm'));
    expect(languageModelPath(taskModelDir('narratives'), 'bg')).toBe(join(taskModelDir('narratives'), 'BG.nscm'));
    // A folder given explicitly (predict --models, train --out) is never redirected.
    expect(languageModelPath('/some/folder', 'en')).toBe(join('/some/folder', 'EN.nscm'));
  });

  it('keeps the replaced model on a second install, and rollback swaps the two', () => {
    installModel('narratives', 'en', bytes('second'), { version: 'v2', scores: scores(0.7) });
    expect(readManifest('narratives').EN.previous?.version).toBe('v1');
    const rolled = rollbackModel('narratives', 'EN');
    expect(rolled.current.version).toBe('v1');
    expect(rolled.previous?.version).toBe('v2');
    expect(readFileSync(join(installedDir('narratives'), 'EN.nscm'), 'utf8')).toBe('first');
    expect(readFileSync(join(installedDir('narratives'), 'previous', 'EN.nscm'), 'utf8')).toBe('second');
    // Rolling back again restores the newer one: nothing is lost.
    expect(rollbackModel('narratives', 'en').current.version).toBe('v2');
    expect(readFileSync(join(installedDir('narratives'), 'EN.nscm'), 'utf8')).toBe('second');
  });

  it('refuses a rollback with nothing to go back to', () => {
    expect(() => rollbackModel('narratives', 'pt')).toThrow('narratives PT: no previous model to roll back to');
    expect(existsSync(join(installedDir('narratives'), 'PT.nscm'))).toBe(false);
  });
});
