/**
 * Starting and stopping the HTTP server: opens the SQLite store and its corpus queries, builds the
 * app and listens (Node's http through @hono/node-server).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { createArticle } from '../doc/article.js';
import { analyzeArticle } from '../pipeline.js';
import { openStore } from '../store/open.js';
import { SqliteCorpusQueries } from '../store/sqlite-queries.js';
import { createApp } from './app.js';
import { TOKEN_ENV } from './auth.js';
import { DEFAULT_LIMITS, type ServerDeps, type ServerLimits } from './deps.js';
import { jsonLogger, type Logger } from './log.js';

/** Where `npm run build` puts the dashboard: dist/web, beside dist/server. */
export const DEFAULT_WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'web');

export interface StartOptions {
  db?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string;
  webRoot?: string;
  limits?: Partial<ServerLimits>;
  log?: Logger;
  /** Analyse a short text before listening, so models load at start-up rather than on the first request (default true). */
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

/** Opens the store at `db`, builds the app and listens; resolves once the port is bound. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const store = openStore({ db: options.db });
  // NARRASCOPE_STATS_CACHE=0 turns the statistics cache off (e.g. to measure uncached latency).
  const cacheEnv = process.env.NARRASCOPE_STATS_CACHE;
  const queries = new SqliteCorpusQueries(store.path, cacheEnv !== undefined && cacheEnv !== '' ? { statsCacheSize: Number(cacheEnv) || 0 } : {});
  const deps: ServerDeps = {
    store,
    queries,
    analyze: (article, o) => analyzeArticle(article, o),
    token: options.token ?? (process.env[TOKEN_ENV] || undefined),
    webRoot: options.webRoot ?? DEFAULT_WEB_ROOT,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    log: options.log ?? jsonLogger(),
  };
  try {
    if (options.warmUp ?? true) {
      deps.analyze(createArticle({ raw: 'Warm-up\n\nA short invented text that loads the models.\n', origin: { format: 'stdin' } }), {});
    }
    await options.beforeListen?.(deps);
  } catch (err) {
    queries.close();
    store.close();
    throw err;
  }
  const app = createApp(deps);
  const host = options.host ?? '127.0.0.1';
  let server: ServerType;
  const port = await new Promise<number>((ok, fail) => {
    server = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 8080 }, (info) => ok(info.port));
    server.once('error', fail);
  });
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    deps,
    close: () =>
      new Promise<void>((ok) => {
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => {
          queries.close();
          store.close();
          ok();
        });
      }),
  };
}
