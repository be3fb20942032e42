/** `narrascope --help` lists the everyday commands before the model commands, and the model commands list the registry tasks. Spawns dist/cli/main.js (rebuilt first when stale). */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TASKS } from '../../../src/tasks/registry.js';

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

  it('lists under train, predict and eval the registry tasks that declare commands, in registry order', () => {
    const declared = TASKS.filter((t) => t.commands).map((t) => t.id);
    for (const parent of ['train', 'predict', 'eval']) {
      const help = execFileSync(process.execPath, [CLI, parent, '--help'], { encoding: 'utf8' });
      const listed = [...help.slice(help.indexOf('Commands:')).matchAll(/^  (\S+) \[options\]/gm)].map((m) => m[1]);
      expect(listed, parent).toEqual(declared);
    }
  });

  it('documents every export format', () => {
    const help = execFileSync(process.execPath, [CLI, 'export', '--help'], { encoding: 'utf8' });
    for (const f of ['jsonl', 'csv', 'semeval-subtask2', 'semeval-subtask1', 'semeval-spans']) expect(help).toContain(`"${f}"`);
    expect(help).toContain('--out <file>');
  });
});
