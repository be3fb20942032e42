/** `narrascope tokens create|list|revoke` run as the built CLI on a store: the secret printed once and never stored in clear, a revocation refused by a server on the same database at its next request, errors that name the problem. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenHashOf } from '../../../src/store/annotation-records.js';
import pg from 'pg';
import { call, sqliteApp, type AnnotationApp } from '../../server/annotations-app.js';
import { dropDatabase, freshDatabase, pgForTests } from '../../store/pg-env.js';

const CLI = resolve('dist/cli/main.js');
let server: AnnotationApp & { path: string };

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'tokens', ...args, '--db', server.path], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every byte the store wrote: the database file, its write-ahead log and shared memory. */
const storedBytes = () => readdirSync(dirname(server.path)).map((f) => readFileSync(join(dirname(server.path), f)).toString('latin1')).join('\n');

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  // The fixture corpus behind an in-process app: the CLI and the app share the database file, as a server and an admin do.
  server = sqliteApp();
});
afterAll(() => server?.close());

describe('narrascope tokens', () => {
  let secret: string;

  it('create prints the secret once on standard output and says where it went; the store holds only its hash', () => {
    const r = run('create', 'anna', '--role', 'annotator');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ns_[A-Za-z0-9_-]{43}\n$/);
    secret = r.stdout.trim();
    expect(r.stderr).toContain(`token "anna" (annotator) created in ${server.path}`);
    const bytes = storedBytes();
    expect(bytes).not.toContain(secret);
    expect(bytes).not.toContain(secret.slice(3, 30));
    expect(bytes).toContain(tokenHashOf(secret));
  });

  it('the secret works on a server over the same database, and the server names its writes after the token', async () => {
    const res = await call(server.app, 'POST', '/api/articles/fixture-windmill/annotations', secret, { decisions: [{ task: 'genre', label: 'opinion', decision: 'accept' }] });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { annotations: { author: string }[] }).annotations[0].author).toBe('anna');
  });

  it('list shows name, role and state (table or JSON lines), never a secret', () => {
    expect(run('create', 'ada', '--role', 'admin').status).toBe(0);
    const table = run('list');
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^NAME +ROLE +CREATED +LAST USED +STATE$/m);
    expect(table.stdout).toMatch(/^anna +annotator +\d{4}-\d\d-\d\d \d\d:\d\d +\d{4}-\d\d-\d\d \d\d:\d\d +active$/m);
    expect(table.stdout).toMatch(/^ada +admin +.* +- +active$/m);
    const json = run('list', '--json').stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(json.map((t) => [t.name, t.role])).toEqual([['anna', 'annotator'], ['ada', 'admin']]);
    expect(json.every((t) => !('secretHash' in t) && !('secret' in t))).toBe(true);
    expect(table.stdout + run('list', '--json').stdout).not.toContain(secret);
  });

  it('revoke takes effect on the running server at its next request, and is logged', async () => {
    const r = run('revoke', 'anna');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('token "anna" revoked');
    const res = await call(server.app, 'POST', '/api/articles/fixture-windmill/annotations', secret, { decisions: [{ task: 'genre', label: 'opinion', decision: 'reject' }] });
    expect(res.status).toBe(403);
    expect(run('list').stdout).toMatch(/^anna +annotator .* revoked \d{4}-\d\d-\d\d$/m);
    expect((await server.store.tokens.writeLog(3)).map((e) => [e.author, e.action, e.target])).toEqual([
      ['cli', 'token.revoke', 'anna'],
      ['cli', 'token.create', 'ada (admin)'],
      ['anna', 'annotate', 'fixture-windmill'],
    ]);
  });

  it('log lists the latest writes with their authors, newest first (table or JSON lines)', () => {
    const table = run('log', '--limit', '2');
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^AT +AUTHOR +ACTION +TARGET\n\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +cli +token\.revoke +anna\n\S+ \S+ +cli +token\.create +ada \(admin\)\n$/);
    const json = run('log', '--json').stdout.trim().split('\n').map((l) => JSON.parse(l) as { author: string; action: string });
    expect(json.map((e) => `${e.author} ${e.action}`)).toEqual(['cli token.revoke', 'cli token.create', 'anna annotate', 'cli token.create']);
    expect(run('log', '--limit', '0').stderr).toMatch(/--limit must be a positive integer, got "0"/);
  });

  it('refuses a bad role, a name in use, a bad name and an unknown token, naming the problem', () => {
    const role = run('create', 'bo', '--role', 'owner');
    expect(role.status).not.toBe(0);
    expect(role.stderr).toMatch(/option '--role <role>' argument 'owner' is invalid\. Allowed choices are viewer, annotator, admin/);
    const noRole = run('create', 'bo');
    expect(noRole.status).not.toBe(0);
    expect(noRole.stderr).toMatch(/required option '--role <role>' not specified/);
    const taken = run('create', 'anna', '--role', 'viewer');
    expect(taken.status).toBe(2);
    expect(taken.stderr).toMatch(/^narrascope: a token named "anna" exists \(names stay taken after revocation/);
    const bad = run('create', 'has space', '--role', 'viewer');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/token name "has space" must be 1 to 64 letters/);
    const unknown = run('revoke', 'nobody');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/no token named "nobody" in .*narrascope tokens list shows them/);
  });
});

describe.skipIf(!(await pgForTests()).available)('narrascope tokens on a PostgreSQL database', () => {
  let url: string;
  beforeAll(async () => {
    url = await freshDatabase('ns_tokens_cli');
  });
  afterAll(() => (url ? dropDatabase(url) : undefined));

  it('creates, lists and revokes through --db postgres://…; the table holds the hash, not the secret', async () => {
    const runPg = (...args: string[]) => spawnSync(process.execPath, [CLI, 'tokens', ...args, '--db', url], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const created = runPg('create', 'pia', '--role', 'viewer');
    expect(created.status).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^ns_/);
    expect(created.stderr).toMatch(/token "pia" \(viewer\) created in postgres:\/\/[^@]*@?127\.0\.0\.1/);
    expect(created.stderr).not.toContain(':narrascope@');
    expect(runPg('list').stdout).toMatch(/^pia +viewer .* active$/m);
    expect(runPg('revoke', 'pia').status).toBe(0);
    expect(runPg('list', '--json').stdout).toContain('"revokedAt"');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const rows = (await client.query<{ row: string }>('SELECT t::text AS row FROM api_tokens t')).rows.map((r) => r.row).join('\n');
      expect(rows).toContain(tokenHashOf(secret));
      expect(rows).not.toContain(secret);
    } finally {
      await client.end();
    }
  });
});
