/** `narrascope train techniques --lang` and `eval techniques --cv --lang` on a small invented corpus folder. */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerTaskCommands } from '../../src/cli/tasks.js';
import { loadTechniquesModel } from '../../src/tasks/techniques/annotate.js';
import { writeTechniqueCorpus } from './fixtures.js';

afterEach(() => vi.restoreAllMocks());

async function run(args: string[]): Promise<string> {
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const program = new Command().exitOverride();
  await registerTaskCommands(program);
  await program.parseAsync(['node', 'narrascope', ...args]);
  return out.join('');
}

describe('techniques commands', () => {
  it('trains the model of each language asked for into <LANG>.nscm', async () => {
    const data = writeTechniqueCorpus();
    const out = mkdtempSync(join(tmpdir(), 'narrascope-techniques-models-'));
    await run(['train', 'techniques', '--data', data, '--lang', 'fr', '--out', out]);
    expect(existsSync(join(out, 'FR.nscm'))).toBe(true);
    expect(existsSync(join(out, 'EN.nscm'))).toBe(false);
    const m = loadTechniquesModel(join(out, 'FR.nscm'), 'fr');
    expect(m.model.meta.language).toBe('fr');
    expect(m.model.meta.command).toBe('narrascope train techniques --lang fr --seed 7');
  }, 60_000);

  it('cross-validates the language given with --lang, and names an unknown one', async () => {
    const data = writeTechniqueCorpus();
    const json = JSON.parse(await run(['eval', 'techniques', '--cv', '3', '--lang', 'fr', '--data', data, '--json']));
    expect(json.microF1).toBeGreaterThan(0.5);
    await expect(run(['eval', 'techniques', '--cv', '3', '--lang', 'xx', '--data', data])).rejects.toThrow(/--lang: unknown language "XX"/);
  }, 60_000);
});
