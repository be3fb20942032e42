/** The PostgreSQL engine against the annotation and token conformance suite: a fresh database per test (test/store/pg-env.ts). */
import pg from 'pg';
import { describe } from 'vitest';
import { openPostgresEngine } from '../../src/store/pg/engine.js';
import { describeAnnotationStore } from './annotations-conformance.js';
import { dropDatabase, freshDatabase, pgForTests } from './pg-env.js';

const server = await pgForTests();

/** Runs `body` on a client of its own to the database at `url`. */
async function onDatabase<T>(url: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

describe.skipIf(!server.available)('PostgreSQL', () => {
  describeAnnotationStore('PostgreSQL', async () => {
    const url = await freshDatabase('ns_annot');
    return {
      engine: await openPostgresEngine(url),
      connect: () => openPostgresEngine(url),
      // Every row of every table of the public schema, as JSON.
      allRowsText: () =>
        onDatabase(url, async (c) => {
          const tables = await c.query<{ t: string }>(`SELECT quote_ident(tablename) AS t FROM pg_tables WHERE schemaname = 'public'`);
          const out: string[] = [];
          for (const { t } of tables.rows) out.push(String((await c.query(`SELECT json_agg(x)::text AS j FROM ${t} x`)).rows[0].j));
          return out.join('\n');
        }),
      exec: (sql) => onDatabase(url, async (c) => void (await c.query(sql))),
      cleanup: () => dropDatabase(url),
    };
  });
});
