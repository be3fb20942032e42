/**
 * The queue's depth for the HTTP API (GET /api/jobs, the dashboard's queue line): read-only, on one
 * connection of its own, without starting pg-boss — the server never creates the queue's schema, and a
 * database where nothing was ever enqueued answers zeros.
 */
import pg from 'pg';
import { queueDepths, type QueueDepth } from './status.js';

export interface QueueReader {
  depths(): Promise<QueueDepth[]>;
  close(): Promise<void>;
}

export function openQueueReader(url: string): QueueReader {
  const pool = new pg.Pool({ connectionString: url, max: 1, application_name: 'narrascope-queue-reader' });
  // A connection dropped while idle (a database restart) is replaced on the next read; unheard, the error would end the server.
  pool.on('error', () => {});
  return {
    depths: () => queueDepths({ executeSql: (text, values) => pool.query(text, values) }),
    close: () => pool.end(),
  };
}
