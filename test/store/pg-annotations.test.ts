/** The PostgreSQL engine against the annotation and token conformance suite (a fresh database per test, test/store/pg-env.ts), and a copy from SQLite read back the same. */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyAnnotations } from '../../src/store/annotations-copy.js';
import { openPostgresEngine, type PostgresEngine } from '../../src/store/pg/engine.js';
import { describeAnnotationStore, sampleItem } from './annotations-conformance.js';
import { tempStore } from './fixtures.js';
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

describe.skipIf(!server.available)('annotations copied from SQLite to PostgreSQL', () => {
  let url: string;
  let target: PostgresEngine;
  let source: ReturnType<typeof tempStore>;
  beforeAll(async () => {
    source = tempStore('narrascope-annotations-copy-');
    url = await freshDatabase('ns_annot_copy');
    target = await openPostgresEngine(url);
  });
  afterAll(async () => {
    source.close();
    await target.close();
    await dropDatabase(url);
  });

  it('reads back the same decisions, conflicts and tokens on both engines', async () => {
    const item = sampleItem('dock');
    await source.engine.putBatch([item]);
    await target.putBatch([item]);
    const notes = source.engine.annotations;
    await notes.annotate({ articleId: 'dock', author: 'mira', decisions: [{ task: 'genre', label: 'satire', decision: 'add', note: 'ironic' }] });
    await notes.annotate({ articleId: 'dock', author: 'jonas', decisions: [{ task: 'genre', label: 'satire', decision: 'reject' }] });
    await notes.annotate({ articleId: 'dock', author: 'mira', decisions: [{ task: 'techniques', label: 'Doubt', span: { start: 3, end: 9 }, decision: 'add' }] });
    const { secret } = await source.engine.tokens.createToken('mira', 'annotator');
    // Chunks of two: the second chunk's decision joins the first's in the target.
    expect(await copyAnnotations(source.engine, target, 2)).toEqual({ imported: 3, skipped: 0, tokens: 1 });
    const there = (await target.annotations.annotationsOf('dock'))!.annotations;
    expect(there).toEqual((await notes.annotationsOf('dock'))!.annotations);
    expect(there.filter((a) => a.conflictsWith)).toHaveLength(2);
    expect(await target.tokens.verifyToken(secret)).toMatchObject({ name: 'mira', role: 'annotator' });
    expect(await copyAnnotations(source.engine, target, 2)).toEqual({ imported: 0, skipped: 3, tokens: 0 });
  });
});
