/** The active taxonomy (file, environment, installed model's, SemEval's) and the status of stored labels against it. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installModel } from '../../src/learn/from-store-install.js';
import { activeTaxonomy, labelStatus, resetActiveTaxonomy } from '../../src/taxonomy/active.js';
import { TaxonomyFileSchema } from '../../src/taxonomy/file.js';
import { BAKERY, TOWN_TAXONOMY, TRAM, TRAM_EMPTY } from './fixture.js';

let dir: string;
const saved = { HOME: process.env.HOME, MODELS: process.env.NARRASCOPE_MODELS, TAX: process.env.NARRASCOPE_TAXONOMY };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'narrascope-active-'));
  process.env.HOME = dir;
  delete process.env.NARRASCOPE_MODELS;
  delete process.env.NARRASCOPE_TAXONOMY;
  writeFileSync(join(dir, 'town.json'), JSON.stringify(TOWN_TAXONOMY));
});

afterEach(() => {
  delete process.env.NARRASCOPE_TAXONOMY;
  resetActiveTaxonomy();
});

afterAll(() => {
  process.env.HOME = saved.HOME;
  if (saved.MODELS !== undefined) process.env.NARRASCOPE_MODELS = saved.MODELS;
  if (saved.TAX !== undefined) process.env.NARRASCOPE_TAXONOMY = saved.TAX;
  rmSync(dir, { recursive: true, force: true });
});

describe('the active taxonomy', () => {
  it('is the SemEval labels of the shipped models by default', () => {
    const t = activeTaxonomy();
    expect(t.source).toEqual({ kind: 'semeval' });
    expect(t.domains.map((d) => d.code).sort()).toEqual(['CC', 'URW']);
    const first = t.domains[0].narratives[0];
    expect(labelStatus(first.label, t)).toMatchObject({ active: true, level: 'narrative' });
    expect(labelStatus(TRAM, t)).toEqual({ label: TRAM, active: false, level: 'narrative' });
  });

  it('is the file NARRASCOPE_TAXONOMY names, with definitions for the picker', () => {
    process.env.NARRASCOPE_TAXONOMY = join(dir, 'town.json');
    const t = activeTaxonomy();
    expect(t.source).toEqual({ kind: 'file', path: join(dir, 'town.json') });
    expect(t.domains[0].narratives.map((n) => n.label)).toEqual([TRAM, 'GH: The harbour is sold off', BAKERY]);
    expect(labelStatus(TRAM_EMPTY, t)).toEqual({ label: TRAM_EMPTY, active: true, level: 'subNarrative', definition: 'The tram runs empty.' });
    expect(labelStatus(`${BAKERY}: Other`, t)).toMatchObject({ active: true, level: 'subNarrative' });
    // A retired SemEval label stays readable, marked as not in the active taxonomy.
    expect(labelStatus('URW: Blaming the war on others rather than the invader', t)).toMatchObject({ active: false, level: 'narrative' });
  });

  it('keeps the SemEval labels beside its own when the file asks for them', () => {
    const beside = join(dir, 'beside.json');
    writeFileSync(beside, JSON.stringify({ ...TOWN_TAXONOMY, withSemEval: true }));
    const t = activeTaxonomy(beside);
    expect(t.domains.map((d) => d.code)).toEqual(expect.arrayContaining(['GH', 'URW', 'CC']));
    expect(t.labels.narratives.filter((l) => l.startsWith('URW: ')).length).toBeGreaterThan(3);
  });

  it('is the taxonomy of the installed narrative model when no file is named', () => {
    installModel('narratives', 'en', new TextEncoder().encode('model'), { taxonomy: TaxonomyFileSchema.parse(TOWN_TAXONOMY) });
    resetActiveTaxonomy();
    const t = activeTaxonomy();
    expect(t.source).toEqual({ kind: 'installed' });
    expect(t.id).toBe('gullhaven-debates');
    expect(labelStatus(TRAM, t).active).toBe(true);
  });

  it('names the file and the JSON path of a bad file', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...TOWN_TAXONOMY, domains: [] }));
    expect(() => activeTaxonomy(bad)).toThrow(`${bad}: $.domains: a taxonomy needs at least one domain`);
  });
});
