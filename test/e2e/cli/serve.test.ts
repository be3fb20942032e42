/**
 * `narrascope serve` leaves nothing behind: a busy port fails with a clear message before any database
 * file is created, and `--demo` removes its temporary database on SIGINT and SIGTERM. Spawns the built
 * CLI (rebuilt first when stale, by test/e2e/build-current.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = resolve('dist/cli/main.js');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'narrascope-serve-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `serve --demo` with its temporary folder under `tmp`, resolves once it listens. */
function startDemo(tmp: string) {
  const child = spawn(process.execPath, [CLI, 'serve', '--demo', '--port', '0'], {
    env: { ...process.env, TMPDIR: tmp, NARRASCOPE_TOKEN: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const listening = new Promise<void>((ok, fail) => {
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
      if (stderr.includes('narrascope dashboard: http://')) ok();
    });
    child.once('exit', (code) => fail(new Error(`serve exited (${code}) before listening:\n${stderr}`)));
  });
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  return { child, listening, exited };
}

describe('serve', () => {
  it('refuses a busy port before creating the database file', async () => {
    const blocker: Server = createServer();
    const port = await new Promise<number>((ok) => blocker.listen(0, '127.0.0.1', () => ok((blocker.address() as { port: number }).port)));
    try {
      const db = join(dir, 'never-created.db');
      const r = spawnSync(process.execPath, [CLI, 'serve', '--db', db, '--port', String(port)], { encoding: 'utf8', timeout: 30_000 });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain(`cannot listen on 127.0.0.1:${port}: the port is in use`);
      expect(existsSync(db)).toBe(false);
      expect(readdirSync(dir).filter((f) => f.startsWith('never-created'))).toEqual([]);
    } finally {
      blocker.close();
    }
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`--demo removes its temporary database on ${signal}`, async () => {
      const tmp = mkdtempSync(join(dir, `${signal}-`));
      const demo = startDemo(tmp);
      await demo.listening;
      const made = readdirSync(tmp).filter((f) => f.startsWith('narrascope-demo-'));
      expect(made).toHaveLength(1);
      expect(existsSync(join(tmp, made[0], 'demo.db'))).toBe(true);
      demo.child.kill(signal);
      expect(await demo.exited).toBe(0);
      expect(readdirSync(tmp)).toEqual([]);
    }, 60_000);
  }

  it('--demo removes its temporary database when interrupted while the examples load', async () => {
    const tmp = mkdtempSync(join(dir, 'early-'));
    const demo = startDemo(tmp);
    demo.listening.catch(() => {});
    while (!readdirSync(tmp).some((f) => f.startsWith('narrascope-demo-'))) await new Promise((ok) => setTimeout(ok, 20));
    demo.child.kill('SIGINT');
    expect(await demo.exited).toBe(130);
    expect(readdirSync(tmp)).toEqual([]);
  }, 60_000);
});
