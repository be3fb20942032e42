/** What the queue's end-to-end tests share: the built CLI run as a process (awaited or left running), a short lease, and what the database holds. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';

export const CLI = resolve('dist/cli/main.js');

/** A short lease, so a killed worker's jobs come back within seconds. */
export const SHORT_LEASE = { NARRASCOPE_JOB_LEASE: '4', NARRASCOPE_JOB_RETRIES: '3' };

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
}

export interface Ran {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running CLI process with its output collected, and a promise of how it ended. */
export interface Running {
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
  done: Promise<Ran>;
}

export function start(args: string[], env: NodeJS.ProcessEnv = {}): Running {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Ran>((resolve) => child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr })));
  return { child, output: () => ({ stdout, stderr }), done };
}

export function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return start(args, env).done;
}

/** One query on the database at `url`. */
export async function query<T>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The stored articles: rows, distinct hashes, ids. */
export async function storedArticles(url: string): Promise<{ rows: number; hashes: number; ids: string[] }> {
  const rows = await query<{ id: string; hash: string }>(url, 'SELECT id, hash FROM articles ORDER BY id');
  return { rows: rows.length, hashes: new Set(rows.map((r) => r.hash)).size, ids: rows.map((r) => r.id) };
}

/** Analysis jobs by state (pg-boss's job table). */
export async function jobStates(url: string): Promise<Record<string, number>> {
  const rows = await query<{ state: string; n: number }>(url, "SELECT state::text AS state, count(*)::int AS n FROM pgboss.job WHERE name = 'narrascope-analyse' GROUP BY state");
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

/** Polls `check` every 50 ms until it is true, failing after `ms`. */
export async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
