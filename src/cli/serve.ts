/**
 * `narrascope serve`: the HTTP API and the dashboard over the SQLite store. `--demo` first loads the
 * example articles and the example feed (into a fresh temporary database unless --db is given) so the
 * dashboard is populated.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { analyzeArticle } from '../pipeline.js';
import { TOKEN_ENV } from '../server/auth.js';
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
}

function portOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port must be an integer from 0 to 65535, got "${value}"`);
  return n;
}

export function registerServe(program: Command): void {
  dbOption(program.command('serve').description('serve the HTTP API and the dashboard (writes need $NARRASCOPE_TOKEN)'))
    .option('--host <host>', 'address to listen on (default: $NARRASCOPE_HOST, else 127.0.0.1)')
    .option('--port <n>', 'port (default: $NARRASCOPE_PORT, else 8080; 0 picks a free one)', portOption)
    .option('--demo', 'load the example articles first (into a temporary database unless --db is given)')
    .action(async (options: ServeOptions) => {
      await runServe(options);
    });
}

export async function runServe(options: ServeOptions): Promise<void> {
  const log = jsonLogger();
  const env = process.env;
  const host = options.host ?? env.NARRASCOPE_HOST ?? '127.0.0.1';
  const port = options.port ?? (env.NARRASCOPE_PORT ? portOption(env.NARRASCOPE_PORT) : 8080);
  const db = options.demo && !options.db ? join(mkdtempSync(join(tmpdir(), 'narrascope-demo-')), 'demo.db') : resolveDbPath({ db: options.db });

  const server = await startServer({
    db,
    host,
    port,
    log,
    beforeListen: async (deps) => {
      if (!options.demo) return;
      const demo = await loadDemoArticles(deps.store, (a) => analyzeArticle(a));
      for (const p of demo.problems) log({ level: 'warn', msg: 'demo article skipped', problem: p });
      log({ level: 'info', msg: 'demo articles loaded', read: demo.read, inserted: demo.inserted });
    },
  });
  log({
    level: 'info',
    msg: 'listening',
    url: server.url,
    database: db,
    articles: server.deps.store.count(),
    writes: server.deps.token ? 'enabled' : `disabled (set ${TOKEN_ENV} to enable)`,
  });
  process.stderr.write(`narrascope dashboard: ${server.url}/\n`);

  const stop = (signal: NodeJS.Signals) => {
    log({ level: 'info', msg: 'stopping', signal });
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
