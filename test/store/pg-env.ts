/**
 * PostgreSQL for the tests that need a real server: $NARRASCOPE_TEST_PG names a role allowed to create
 * databases (default postgres://narrascope:narrascope@127.0.0.1:5432/postgres, the role .ci/run makes).
 * Each `freshDatabase()` is a new empty database, dropped by `dropDatabase`. When the server cannot be
 * reached, the tests that need it are skipped with the reason, except under CI ($CI set, as .ci/run
 * does), where that is an error: the engine is never tested against a mock.
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';

export const PG_ADMIN_URL = process.env.NARRASCOPE_TEST_PG || 'postgres://narrascope:narrascope@127.0.0.1:5432/postgres';

export interface PgForTests {
  available: boolean;
  /** Why the server cannot be used (when not available). */
  reason?: string;
}

let probed: Promise<PgForTests> | undefined;

/** Whether PostgreSQL answers; throws under CI when it does not. Probed once per test file. */
export async function pgForTests(): Promise<PgForTests> {
  probed ??= (async () => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return { available: true };
    } catch (err) {
      return { available: false, reason: `PostgreSQL at ${redacted(PG_ADMIN_URL)} is not reachable (${(err as Error).message}); start it or set NARRASCOPE_TEST_PG` };
    } finally {
      await client.end().catch(() => {});
    }
  })();
  const found = await probed;
  if (!found.available) {
    if (process.env.CI) throw new Error(`${found.reason} — required under CI`);
    console.warn(`skipping PostgreSQL tests: ${found.reason}`);
  }
  return found;
}

function redacted(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

async function admin<T>(body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database and returns its URL. */
export async function freshDatabase(prefix = 'ns_test'): Promise<string> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database made by `freshDatabase`, closing whatever connections are left on it. */
export async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a test database name: ${name}`);
  for (let attempt = 1; ; attempt++) {
    try {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      return;
    } catch (err) {
      // An autovacuum worker on the database has no role, so FORCE may not end it (42501); it finishes soon.
      if ((err as { code?: string }).code !== '42501' || attempt === 10) throw err;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}
