/**
 * Structured request logs: one JSON object per line (time, level, method, path, status, ms), the
 * shape log collectors read without configuration. Hand-written because it is a dozen lines.
 */
import type { MiddlewareHandler } from 'hono';

export type LogEntry = Record<string, unknown> & { level: 'info' | 'warn' | 'error'; msg: string };
export type Logger = (entry: LogEntry) => void;

/** Writes each entry as one JSON line to `stream` (standard error by default). */
export function jsonLogger(stream: NodeJS.WritableStream = process.stderr): Logger {
  return (entry) => {
    stream.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
  };
}

export const silentLogger: Logger = () => {};

/** Logs every request once it is answered, with a level from its status. */
export function requestLog(log: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    log({
      level: status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
      msg: 'request',
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
