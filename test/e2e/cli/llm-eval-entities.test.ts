/**
 * `eval entities --tier llm --provider http` against the scripted chat-completions server: the model
 * line scores the roles the scripted answers give the gold mentions (worked out by hand below), beside
 * the fast line on the same mentions. Invented articles; spawns dist/cli/main.js.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEntityModel } from '../../../src/tasks/entities/store.js';
import { json, startScriptedServer, type ScriptedServer } from '../../llm/scripted-server.js';

const CLI = resolve('dist/cli/main.js');
const run = promisify(execFile);

const E1 = 'Lowmere ferry row\n\nMayor Varga defended the ferry against the Lowmere Council, which wasted the harbour budget.';
const E2 = 'Storm in Ashcombe\n\nThe storm flooded the house of Varga in Ashcombe, and neighbours helped her.';

/** A gold row: file, mention, code-point start and inclusive end (ASCII text: the same as UTF-16), roles. */
function row(file: string, text: string, mention: string, main: string, ...fine: string[]): string {
  const start = text.indexOf(mention);
  return [file, mention, start, start + mention.length - 1, main, ...fine].join('\t');
}

let dir: string;
let server: ScriptedServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'narrascope-llm-eval-ent-'));
  const model = loadEntityModel('en')!;
  mkdirSync(join(dir, 'taxonomy'));
  // The roles are taxonomy facts, written at run time from the shipped model's list.
  writeFileSync(join(dir, 'taxonomy', 'subtask1_roles.tsv'), `main_role\tfine_grained_role\n${model.taxonomy.fineRoles.map((f) => `${model.taxonomy.mainOf.get(f)}\t${f}`).join('\n')}\n`);
  const docs = join(dir, 'EN', 'train', 'raw-documents');
  mkdirSync(docs, { recursive: true });
  writeFileSync(join(docs, 'E1.txt'), E1);
  writeFileSync(join(docs, 'E2.txt'), E2);
  // Gold, and what the scripted model answers:
  //   E1 Varga            Protagonist Guardian   | Protagonist Guardian              exact, main right
  //   E1 Lowmere Council  Antagonist Corrupt     | Antagonist Corrupt, Incompetent   not exact, main right
  //   E2 Varga            Innocent Victim        | Antagonist Tyrant                 not exact, main wrong
  // EMR 1/3 = 0.3333; main accuracy 2/3 = 0.6667; fine roles: 4 predicted, 3 gold, 2 right:
  // P 0.5000, R 0.6667, F1 2·0.5·0.6667 / 1.1667 = 0.5714.
  writeFileSync(
    join(dir, 'EN', 'train', 'subtask-1-annotations.txt'),
    [row('E1.txt', E1, 'Varga', 'Protagonist', 'Guardian'), row('E1.txt', E1, 'Lowmere Council', 'Antagonist', 'Corrupt'), row('E2.txt', E2, 'Varga', 'Innocent', 'Victim')].join('\n') + '\n',
  );
  server = await startScriptedServer((request) => {
    const user = String(request.body.messages.at(-1).content);
    if (user.includes('ferry')) {
      return json({
        entities: [
          { name: 'Varga', mainRole: 'Protagonist', fineRoles: ['Guardian'], quotes: ['Mayor Varga defended the ferry'] },
          { name: 'Lowmere Council', mainRole: 'Antagonist', fineRoles: ['Corrupt', 'Incompetent'], quotes: ['wasted the harbour budget'] },
        ],
      });
    }
    return json({ entities: [{ name: 'Varga', mainRole: 'Antagonist', fineRoles: ['Tyrant'], quotes: ['an invented quote'] }] });
  });
});

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('eval entities --tier llm --provider http', () => {
  it('scores the scripted roles as worked out by hand, beside the fast roles of the same mentions', async () => {
    const { stdout } = await run(process.execPath, [CLI, 'eval', 'entities', '--tier', 'llm', '--provider', 'http', '--data', dir, '--lang', 'EN'], {
      env: { ...process.env, NARRASCOPE_LLM_BASE_URL: server.url, NARRASCOPE_LLM_MODEL: 'scripted' },
    });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^EN\tfast\tEMR \d\.\d{4} .*\(n=3\)\tarticles 2$/);
    expect(lines[1]).toBe('EN\tllm\tEMR 0.3333  micro P 0.5000  R 0.6667  F1 0.5714  main acc 0.6667  (n=3)\tarticles 2\tfailed 0 (fast roles kept)');
    expect(server.requests).toHaveLength(2);
    // The llm tier lists the entities without the fast tier's roles.
    expect(String(server.requests[0].body.messages.at(-1).content)).not.toContain('a fast classifier suggests');
  });
});
