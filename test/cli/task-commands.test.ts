/**
 * `narrascope train|predict|eval <task>` come from the task list: each task that declares commands adds
 * its subcommands from its own folder, in list order; a test-only task (tone) gets its own with no edit
 * elsewhere and runs with the pipeline and batch summary the CLI passes in.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerTaskCommands } from '../../src/cli/tasks.js';
import { TASKS } from '../../src/tasks/registry.js';
import { withTone } from '../fixtures/tasks/tone/annotate.js';

const PARENTS = ['train', 'predict', 'eval'];

/** The subcommand names of each parent, as `narrascope <parent> --help` lists them. */
function subcommands(program: Command): Record<string, string[]> {
  return Object.fromEntries(program.commands.map((c) => [c.name(), c.commands.map((s) => s.name())]));
}

afterEach(() => vi.restoreAllMocks());

describe('registerTaskCommands', () => {
  it('adds train, predict and eval with a subcommand for each registry task that declares commands, in registry order', async () => {
    const program = new Command();
    await registerTaskCommands(program);
    const declared = TASKS.filter((t) => t.commands).map((t) => t.id);
    expect(declared).toEqual(['narratives', 'entities', 'techniques', 'genre', 'frames']);
    expect(subcommands(program)).toEqual(Object.fromEntries(PARENTS.map((p) => [p, declared])));
  });

  it("adds a new task's commands from its folder, which run through the context's pipeline and summary", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'narrascope-tone-cli-'));
    try {
      writeFileSync(join(dir, 'quay.txt'), 'Panic on the quay!\nThe Varnholm crane tipped over in the storm!');
      writeFileSync(join(dir, 'mill.txt'), 'Mill reopens\nThe old Varnholm mill ground its first flour in ten years.');
      const program = new Command().exitOverride();
      await registerTaskCommands(program, withTone);
      expect(subcommands(program).predict).toEqual(['narratives', 'entities', 'techniques', 'genre', 'frames', 'tone']);
      expect(subcommands(program).train).not.toContain('tone');
      const out: string[] = [];
      const err: string[] = [];
      vi.spyOn(process.stdout, 'write').mockImplementation((s) => Boolean(out.push(String(s))));
      vi.spyOn(process.stderr, 'write').mockImplementation((s) => Boolean(err.push(String(s))));
      await program.parseAsync(['predict', 'tone', join(dir, 'mill.txt'), join(dir, 'quay.txt'), join(dir, 'missing.txt')], { from: 'user' });
      expect(out.join('')).toBe('mill.txt\tcalm\nquay.txt\talarmed\n');
      expect(err.join('')).toMatch(/^skipped .*missing\.txt.*\n2 toned, 1 skipped \(1 unreadable\)\n$/);
      expect(process.exitCode ?? 0).toBe(0);
    } finally {
      process.exitCode = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
