/** Taxonomy files: validation errors naming the file and the JSON path, label strings, the lists a model trains on. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labelLists, mergeLabelLists, parseTaxonomyFile, readTaxonomyFile, TaxonomyFileError } from '../../src/taxonomy/file.js';
import { BAKERY, HARBOUR, HARBOUR_CREWS, TOWN_TAXONOMY, TRAM, TRAM_COSTS, TRAM_EMPTY } from './fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'narrascope-taxonomy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The fixture with one change applied (a deep copy). */
function changed(edit: (t: any) => void): string {
  const t = JSON.parse(JSON.stringify(TOWN_TAXONOMY));
  edit(t);
  return JSON.stringify(t, null, 2);
}

const errorOf = (text: string) => {
  try {
    parseTaxonomyFile(text, 'town.json');
  } catch (err) {
    expect(err).toBeInstanceOf(TaxonomyFileError);
    return (err as Error).message;
  }
  throw new Error('no error');
};

describe('taxonomy files', () => {
  it('reads a valid file and lists its labels as the SemEval lists do', () => {
    const path = join(dir, 'town.json');
    writeFileSync(path, JSON.stringify(TOWN_TAXONOMY));
    const file = readTaxonomyFile(path);
    expect(file.withSemEval).toBe(false);
    const lists = labelLists(file);
    expect(lists.narratives).toEqual(['Other', TRAM, HARBOUR, BAKERY]);
    expect(lists.subNarratives).toEqual(['Other', TRAM_COSTS, TRAM_EMPTY, `${TRAM}: Other`, HARBOUR_CREWS, `${HARBOUR}: Other`, `${BAKERY}: Other`]);
  });

  it('names the JSON path of a bad value', () => {
    expect(errorOf(changed((t) => (t.domains[0].narratives[1].definition = '')))).toBe('town.json: $.domains[0].narratives[1].definition: must not be empty');
    expect(errorOf(changed((t) => (t.domains[0].code = 'gh')))).toMatch(/^town\.json: \$\.domains\[0\]\.code: must be 1–16 capital letters/);
    expect(errorOf(changed((t) => (t.domains[0].narratives[0].subNarratives[1].name = 'Empty; cold')))).toMatch(/\$\.domains\[0\]\.narratives\[0\]\.subNarratives\[1\]\.name: must not contain ";"/);
    expect(errorOf(changed((t) => (t.domains[0].narratives[2].name = 'Bread: prices')))).toMatch(/\$\.domains\[0\]\.narratives\[2\]\.name: must not contain ": "/);
    expect(errorOf(changed((t) => (t.domains[0].narratives[2].colour = 'red')))).toMatch(/\$\.domains\[0\]\.narratives\[2\]: .*colour/);
    expect(errorOf(changed((t) => delete t.version))).toMatch(/^town\.json: \$\.version: /);
  });

  it('refuses a name listed twice and the reserved "Other"', () => {
    expect(errorOf(changed((t) => (t.domains[0].narratives[1].name = 'The tram is a waste')))).toBe('town.json: $.domains[0].narratives[1]: narrative "The tram is a waste" is listed twice');
    expect(errorOf(changed((t) => (t.domains[0].narratives[0].subNarratives[1].name = 'Other')))).toMatch(/subNarratives\[1\]\.name: "Other" is reserved/);
  });

  it('reports every problem, one line each', () => {
    const message = errorOf(changed((t) => {
      t.id = '';
      t.domains[0].narratives[0].definition = '';
    }));
    expect(message.split('\n')).toHaveLength(2);
  });

  it('names the line and column of a JSON syntax error, and a missing file', () => {
    expect(errorOf('{\n  "id": "x",\n  "version": 1,,\n}')).toMatch(/^town\.json:3:\d+: not valid JSON/);
    expect(() => readTaxonomyFile(join(dir, 'missing.json'))).toThrow(/missing\.json: cannot read the taxonomy file \(ENOENT\)/);
  });

  it('merges label lists without repeating a label', () => {
    const merged = mergeLabelLists({ narratives: ['Other', 'A: x'], subNarratives: ['Other', 'A: x: Other'] }, { narratives: ['Other', 'B: y'], subNarratives: ['Other'] });
    expect(merged).toEqual({ narratives: ['Other', 'A: x', 'B: y'], subNarratives: ['Other', 'A: x: Other'] });
  });
});
