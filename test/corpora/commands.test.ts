/** The command pieces several tasks share: --lang lists, label files named in errors, and eval's choice between --cv and --gold/--pred. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldAndPred, languagesFrom, readLabelFile, runSemeval2023Eval } from '../../src/corpora/commands.js';

const KNOWN = ['EN', 'BG', 'RU'] as const;

describe('languagesFrom', () => {
  it('reads a comma-separated list in any case, all languages when absent', () => {
    expect(languagesFrom(' en, ru', KNOWN)).toEqual(['EN', 'RU']);
    expect(languagesFrom(undefined, KNOWN)).toEqual(['EN', 'BG', 'RU']);
  });

  it('names an unknown language and the known ones', () => {
    expect(() => languagesFrom('EN,XX', KNOWN)).toThrow('--lang: unknown language "XX" (one of EN, BG, RU)');
  });
});

describe('label files of an eval command', () => {
  it('name the file that cannot be read', () => {
    expect(() => readLabelFile('/no/such/gold.txt')).toThrow('/no/such/gold.txt: cannot read file');
  });

  it('need both --gold and --pred', () => {
    expect(() => goldAndPred({ gold: 'g.txt' })).toThrow('eval needs --gold and --pred, or --cv <k>');
  });

  it('run cross-validation with --cv, else score the two files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'narrascope-eval-'));
    try {
      writeFileSync(join(dir, 'g.txt'), '1\tOpinion\n');
      writeFileSync(join(dir, 'p.txt'), '1\tReporting\n');
      const calls: string[] = [];
      const cv = (data: string, k: number) => void calls.push(`cv ${data} ${k}`);
      const score = (g: { path: string; text: string }, p: { path: string; text: string }) => void calls.push(`score ${g.text.trim()} / ${p.text.trim()}`);
      runSemeval2023Eval({ cv: 3, seed: 1, data: '/corpus' }, cv, score);
      runSemeval2023Eval({ seed: 1, gold: join(dir, 'g.txt'), pred: join(dir, 'p.txt') }, cv, score);
      expect(calls).toEqual(['cv /corpus 3', 'score 1\tOpinion / 1\tReporting']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
