/**
 * Starting and stopping the HTTP server: opens the SQLite storage engine, starts the
 * pool of analysis worker threads, builds the app and listens (Node's http through @hono/node-server).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { openStore, resolveDbPath } from '../store/open.js';
import type { AnyTask } from '../tasks/task.js';
import { AnalyzePool, type AnalyzePoolOptions } from './analyze-pool.js';
import { createApp } from './app.js';
import { PRIVATE_ENV, TOKEN_ENV } from './auth.js';
import type { ServerDeps } from './deps.js';
import { DEFAULT_LIMITS, type ServerLimits } from './limits.js';
import { jsonLogger, type Logger } from './log.js';

/** Where `npm run build` puts the dashboard: dist/web, beside dist/server. */
export const DEFAULT_WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'web');

export interface StartOptions {
  db?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string;
  /** Reads need a token too (default: $NARRASCOPE_PRIVATE is 1). */
  private?: boolean;
  webRoot?: string;
  limits?: Partial<ServerLimits>;
  /** Worker threads and queue of the analyses (default: $NARRASCOPE_ANALYZE_THREADS, $NARRASCOPE_ANALYZE_QUEUE, else AnalyzePool's). */
  analyzePool?: AnalyzePoolOptions;
  /** The tasks the store indexes and the API filters by (default: tasks/registry.ts TASKS). */
  tasks?: readonly AnyTask[];
  log?: Logger;
  /** Wait before listening until every analysis worker has loaded its models (default true). */
  warmUp?: boolean;
  /** Runs after the store is open and before the port is bound (e.g. loading demo articles). */
  beforeListen?: (deps: ServerDeps) => Promise<void>;
}

export interface RunningServer {
  url: string;
  port: number;
  deps: ServerDeps;
  close(): Promise<void>;
}

/** A positive integer from the environment variable `name`, else undefined. */
function envCount(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return n;
}

/** Opens the store at `db`, builds the app and listens; resolves once the port is bound. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  // NARRASCOPE_STATS_CACHE=0 turns the statistics cache off (e.g. to measure uncached latency).
  const cacheEnv = process.env.NARRASCOPE_STATS_CACHE;
  const store = await openStore({ db: options.db, ...(options.tasks ? { tasks: options.tasks } : {}), ...(cacheEnv !== undefined && cacheEnv !== '' ? { statsCacheSize: Number(cacheEnv) || 0 } : {}) });
  let pool: AnalyzePool | undefined;
  // A PostgreSQL corpus has a job queue whose depth GET /api/jobs shows (the reader is loaded only then).
  const queue = store.kind === 'postgres' ? (await import('../queue/reader.js')).openQueueReader(resolveDbPath({ db: options.db })) : undefined;
  const closeAll = async () => {
    await pool?.close();
    await queue?.close();
    await store.close();
  };
  const host = options.host ?? '127.0.0.1';
  let server: ServerType;
  let deps: ServerDeps;
  let port: number;
  try {
    const analyzer = new AnalyzePool({
      threads: envCount('NARRASCOPE_ANALYZE_THREADS'),
      queue: envCount('NARRASCOPE_ANALYZE_QUEUE'),
      ...options.analyzePool,
    });
    pool = analyzer;
    deps = {
      store,
      analyze: (article, o) => analyzer.analyze(article, o),
      analyzeBatch: (inputs, o) => analyzer.analyzeBatch(inputs, o),
      ...(queue ? { jobs: () => queue.depths() } : {}),
      ...(options.tasks ? { tasks: options.tasks } : {}),
      // '' (as the browser tests pass) is no server token at all, not one to check, and keeps $NARRASCOPE_TOKEN out.
      token: (options.token ?? process.env[TOKEN_ENV]) || undefined,
      private: options.private ?? process.env[PRIVATE_ENV] === '1',
      webRoot: options.webRoot ?? DEFAULT_WEB_ROOT,
      limits: { ...DEFAULT_LIMITS, ...options.limits },
      log: options.log ?? jsonLogger(),
    };
    if (options.warmUp ?? true) await analyzer.ready();
    await options.beforeListen?.(deps);
    const app = createApp(deps);
    port = await new Promise<number>((ok, fail) => {
      server = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 8080 }, (info) => ok(info.port));
      server.once('error', fail);
    });
  } catch (err) {
    // Worker threads would keep the process alive: a failed start stops them.
    await closeAll();
    throw err;
  }
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    deps,
    close: () =>
      new Promise<void>((ok) => {
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => void closeAll().then(ok));
      }),
  };
}
