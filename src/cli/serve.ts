/**
 * `narrascope serve`: the HTTP API and the dashboard over the SQLite store. `--demo` first loads the
 * example articles and the example feed (into a fresh temporary database unless --db is given, removed
 * when the server stops) so the dashboard is populated. The port is checked before the database is opened.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { analyzeArticle } from '../pipeline.js';
import { TOKEN_ENV, writesEnabled } from '../server/auth.js';
import { loadDemoArticles } from '../server/demo.js';
import { jsonLogger } from '../server/log.js';
import { startServer } from '../server/server.js';
import { resolveDbPath } from '../store/open.js';
import { dbOption } from './store-options.js';

interface ServeOptions {
  db?: string;
  host?: string;
  port?: number;
  demo?: boolean;
  private?: boolean;
}

function portOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port must be an integer from 0 to 65535, got "${value}"`);
  return n;
}

export function registerServe(program: Command): void {
  dbOption(program.command('serve').description('serve the HTTP API and the dashboard (writes need a token: narrascope tokens, or $NARRASCOPE_TOKEN)'))
    .option('--host <host>', 'address to listen on (default: $NARRASCOPE_HOST, else 127.0.0.1)')
    .option('--port <n>', 'port (default: $NARRASCOPE_PORT, else 8080; 0 picks a free one)', portOption)
    .option('--demo', 'load the example articles first (into a temporary database unless --db is given)')
    .option('--private', 'reads need a token too, a viewer\'s at least (default: $NARRASCOPE_PRIVATE=1)')
    .action(async (options: ServeOptions) => {
      await runServe(options);
    });
}

/** Fails with a clear message when `host:port` cannot be bound, before any database file is created. */
export async function checkPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((ok, fail) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => fail(new Error(listenError(host, port, err))));
    probe.listen(port, host, () => probe.close(() => ok()));
  });
}

function listenError(host: string, port: number, err: NodeJS.ErrnoException): string {
  const where = `cannot listen on ${host}:${port}`;
  if (err.code === 'EADDRINUSE') return `${where}: the port is in use (stop the other server, or choose another with --port or NARRASCOPE_PORT)`;
  if (err.code === 'EACCES') return `${where}: permission denied (ports below 1024 need privileges; choose another with --port)`;
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') return `${where}: no such address on this machine (check --host or NARRASCOPE_HOST)`;
  return `${where}: ${err.message}`;
}

/**
 * A fresh folder for the demo database, removed when the process ends: on exit, on SIGINT or SIGTERM
 * (after the server closes), and when start-up fails.
 */
function temporaryDemoDb(): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'narrascope-demo-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove);
  return { path: join(dir, 'demo.db'), remove };
}

export async function runServe(options: ServeOptions): Promise<void> {
  const log = jsonLogger();
  const env = process.env;
  const host = options.host ?? env.NARRASCOPE_HOST ?? '127.0.0.1';
  const port = options.port ?? (env.NARRASCOPE_PORT ? portOption(env.NARRASCOPE_PORT) : 8080);
  await checkPortFree(host, port);
  // Handled from the start, so a signal while the demo loads also ends through process.exit, which
  // runs the 'exit' handlers that remove a demo database. Once listening, the server closes first.
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping || !server) process.exit(signal === 'SIGINT' ? 130 : 143);
    stopping = true;
    log({ level: 'info', msg: 'stopping', signal });
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const demoDb = options.demo && !options.db ? temporaryDemoDb() : undefined;
  const db = demoDb?.path ?? resolveDbPath({ db: options.db });

  try {
    server = await startServer({
      db,
      host,
      port,
      log,
      ...(options.private ? { private: true } : {}),
      beforeListen: async (deps) => {
        if (!options.demo) return;
        const demo = await loadDemoArticles(deps.store, (a) => analyzeArticle(a));
        for (const p of demo.problems) log({ level: 'warn', msg: 'demo article skipped', problem: p });
        log({ level: 'info', msg: 'demo articles loaded', read: demo.read, inserted: demo.inserted });
      },
    });
  } catch (err) {
    demoDb?.remove();
    // Another process may take the port between the check and the bind.
    const e = err as NodeJS.ErrnoException;
    throw e.syscall === 'listen' ? new Error(listenError(host, port, e)) : err;
  }
  log({
    level: 'info',
    msg: 'listening',
    url: server.url,
    database: db,
    articles: await server.deps.store.count(),
    writes: (await writesEnabled({ token: server.deps.token, tokens: server.deps.store.tokens }))
      ? 'enabled'
      : `disabled (set ${TOKEN_ENV} or run "narrascope tokens create <name> --role <role>" to enable)`,
    reads: server.deps.private ? 'private (a token is needed)' : 'open',
  });
  process.stderr.write(`narrascope dashboard: ${server.url}/\n`);
}
