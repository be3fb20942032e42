/** `narrascope --help` lists the everyday commands before the model commands. Spawns dist/cli/main.js (rebuilt first when stale). */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve('dist/cli/main.js');

describe('narrascope --help', () => {
  it('lists analyze, ingest, list, search, show, serve and export before train, predict and eval', () => {
    const help = execFileSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
    const at = (name: string) => {
      const i = help.search(new RegExp(`^  ${name}\\b`, 'm'));
      expect(i, `${name} in --help`).toBeGreaterThan(0);
      return i;
    };
    const everyday = ['analyze', 'ingest', 'list', 'search', 'show', 'serve', 'export'].map(at);
    const models = ['train', 'predict', 'eval'].map(at);
    expect(everyday).toEqual([...everyday].sort((a, b) => a - b));
    expect(Math.max(...everyday)).toBeLessThan(Math.min(...models));
  });

  it('documents every export format', () => {
    const help = execFileSync(process.execPath, [CLI, 'export', '--help'], { encoding: 'utf8' });
    for (const f of ['jsonl', 'csv', 'semeval-subtask2', 'semeval-subtask1', 'semeval-spans']) expect(help).toContain(`"${f}"`);
    expect(help).toContain('--out <file>');
  });
});
