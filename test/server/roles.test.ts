/** Roles and named tokens over the API on both engines: who may read, annotate, ingest and manage tokens; revocation at once; secrets never stored in clear; writes logged with their author. */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenHashOf } from '../../src/store/annotation-records.js';
import { pgForTests } from '../store/pg-env.js';
import { call, postgresApp, secretFor, sqliteApp, type AnnotationApp } from './annotations-app.js';

const ARTICLE = 'fixture-harbour';
const ACCEPT = { decisions: [{ task: 'genre', label: 'opinion', decision: 'accept' }] };
const INGEST = { id: 'roles-new', title: 'Invented', text: 'An invented example text about a new bridge in Sundby.' };
const pgAvailable = (await pgForTests()).available;

function rolesSuite(name: string, make: () => Promise<AnnotationApp & { readStored: () => Promise<string> }>) {
  describe(`roles on ${name}`, () => {
    let t: Awaited<ReturnType<typeof make>>;
    let viewer: string;
    let annotator: string;
    let admin: string;
    beforeAll(async () => {
      t = await make();
      viewer = await secretFor(t.store, 'vera', 'viewer');
      annotator = await secretFor(t.store, 'anna', 'annotator');
      admin = await secretFor(t.store, 'ada', 'admin');
    });
    afterAll(() => t?.close());

    it('a viewer token cannot write: annotating and ingesting are 403 naming the role needed', async () => {
      const res = await call(t.app, 'POST', `/api/articles/${ARTICLE}/annotations`, viewer, ACCEPT);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: 'the token "vera" has the role viewer; annotating needs a token of role annotator or admin', field: 'authorization' });
      const ingest = await call(t.app, 'POST', '/api/articles', viewer, INGEST);
      expect(ingest.status).toBe(403);
      expect(((await ingest.json()) as { error: string }).error).toMatch(/storing articles needs a token of role admin$/);
      expect((await t.store.annotations.annotationsOf(ARTICLE))?.annotations).toEqual([]);
    });

    it('an annotator annotates (the token name is the author, the write is logged) but cannot create, list or revoke tokens', async () => {
      const res = await call(t.app, 'POST', `/api/articles/${ARTICLE}/annotations`, annotator, ACCEPT);
      expect(res.status).toBe(201);
      const body = (await res.json()) as { annotations: { author: string }[] };
      expect(body.annotations[0].author).toBe('anna');
      expect((await t.store.tokens.writeLog(1))[0]).toMatchObject({ author: 'anna', action: 'annotate', target: ARTICLE });
      for (const [method, path, payload] of [['POST', '/api/tokens', { name: 'sneaky', role: 'admin' }], ['GET', '/api/tokens', undefined], ['DELETE', '/api/tokens/vera', undefined]] as const) {
        const refused = await call(t.app, method, path, annotator, payload);
        expect(refused.status, `${method} ${path}`).toBe(403);
        expect(((await refused.json()) as { error: string }).error).toMatch(/managing tokens needs a token of role admin$/);
      }
      expect((await t.store.tokens.listTokens()).map((x) => x.name)).not.toContain('sneaky');
    });

    it('an admin creates a token over the API (secret answered once) that works at once; a name in use is a 409', async () => {
      const res = await call(t.app, 'POST', '/api/tokens', admin, { name: 'bo', role: 'annotator' });
      expect(res.status).toBe(201);
      const { secret, info } = (await res.json()) as { secret: string; info: { name: string; role: string } };
      expect(info).toMatchObject({ name: 'bo', role: 'annotator' });
      expect((await call(t.app, 'POST', `/api/articles/${ARTICLE}/annotations`, secret, ACCEPT)).status).toBe(201);
      const again = await call(t.app, 'POST', '/api/tokens', admin, { name: 'bo', role: 'viewer' });
      expect(again.status).toBe(409);
      expect(((await again.json()) as { field: string }).field).toBe('name');
      const bad = await call(t.app, 'POST', '/api/tokens', admin, { name: 'bo', role: 'owner' });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { field: string }).field).toBe('role');
      const listed = (await (await call(t.app, 'GET', '/api/tokens', admin)).json()) as { tokens: Record<string, unknown>[] };
      expect(listed.tokens.map((x) => x.name)).toEqual(expect.arrayContaining(['vera', 'anna', 'ada', 'bo']));
      expect(JSON.stringify(listed)).not.toContain(secret);
    });

    it('GET /api/whoami names the token a request carries and its role', async () => {
      expect(await (await call(t.app, 'GET', '/api/whoami', annotator)).json()).toEqual({ name: 'anna', role: 'annotator' });
      expect(await (await call(t.app, 'GET', '/api/whoami', viewer)).json()).toEqual({ name: 'vera', role: 'viewer' });
      expect((await call(t.app, 'GET', '/api/whoami')).status).toBe(401);
      expect((await call(t.app, 'GET', '/api/whoami', 'ns_unknown')).status).toBe(403);
    });

    it('a revoked token fails at once, on the very next request', async () => {
      const secret = await secretFor(t.store, 'cleo', 'annotator');
      expect((await call(t.app, 'POST', `/api/articles/${ARTICLE}/annotations`, secret, ACCEPT)).status).toBe(201);
      const revoke = await call(t.app, 'DELETE', '/api/tokens/cleo', admin);
      expect(revoke.status).toBe(200);
      expect(((await revoke.json()) as { revokedAt?: string }).revokedAt).toBeDefined();
      const after = await call(t.app, 'POST', `/api/articles/${ARTICLE}/annotations`, secret, ACCEPT);
      expect(after.status).toBe(403);
      expect(await after.json()).toEqual({ error: 'the token in "Authorization" is not a token of this server (unknown or revoked)', field: 'authorization' });
      expect((await t.store.tokens.writeLog(2)).map((e) => [e.author, e.action, e.target])).toEqual([['ada', 'token.revoke', 'cleo'], ['cleo', 'annotate', ARTICLE]]);
      expect((await call(t.app, 'DELETE', '/api/tokens/nobody', admin)).status).toBe(404);
    });

    it('only an admin deletes an article; the decisions made on it are kept', async () => {
      for (const secret of [viewer, annotator]) {
        const res = await call(t.app, 'DELETE', '/api/articles/fixture-bakery', secret);
        expect(res.status).toBe(403);
        expect(((await res.json()) as { error: string }).error).toMatch(/deleting articles needs a token of role admin$/);
      }
      expect((await call(t.app, 'POST', '/api/articles/fixture-bakery/annotations', annotator, { decisions: [{ task: 'genre', label: 'reporting', decision: 'accept' }] })).status).toBe(201);
      const res = await call(t.app, 'DELETE', '/api/articles/fixture-bakery', admin);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ deleted: ['fixture-bakery'] });
      expect((await call(t.app, 'GET', '/api/articles/fixture-bakery')).status).toBe(404);
      expect((await call(t.app, 'DELETE', '/api/articles/fixture-bakery', admin)).status).toBe(404);
      expect((await t.store.tokens.writeLog(1))[0]).toMatchObject({ author: 'ada', action: 'delete', target: 'fixture-bakery' });
      const kept: string[] = [];
      for await (const a of t.store.annotations.allAnnotations()) if (a.articleId === 'fixture-bakery') kept.push(a.label);
      expect(kept).toEqual(['reporting']);
    });

    it('tokens are never stored in clear: the stored bytes hold the hash of each secret, never the secret', async () => {
      const secret = await secretFor(t.store, 'dana', 'viewer');
      const stored = await t.readStored();
      expect(stored).toContain(tokenHashOf(secret));
      for (const s of [secret, viewer, annotator, admin]) expect(stored).not.toContain(s);
      expect(stored).not.toContain(secret.slice(3, 23));
    });
  });
}

rolesSuite('SQLite', async () => {
  const t = sqliteApp();
  // The database file and its write-ahead log, as bytes: whatever the store wrote is there.
  const readStored = async () =>
    readdirSync(dirname(t.path))
      .map((f) => readFileSync(`${dirname(t.path)}/${f}`).toString('latin1'))
      .join('\n');
  return { ...t, readStored };
});

describe.skipIf(!pgAvailable)('PostgreSQL', () => {
  rolesSuite('PostgreSQL', async () => {
    const t = await postgresApp();
    // Every column of every row of the tokens table and the write log, as text.
    const readStored = async () => {
      const client = new pg.Client({ connectionString: t.url });
      await client.connect();
      try {
        const tables = await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
        const rows: string[] = [];
        for (const r of tables.rows) rows.push(...(await client.query<{ row: string }>(`SELECT t::text AS row FROM "${r.table_name}" t`)).rows.map((x) => x.row));
        return rows.join('\n');
      } finally {
        await client.end();
      }
    };
    return { ...t, readStored };
  });
});

describe('NARRASCOPE_TOKEN and private servers', () => {
  it('NARRASCOPE_TOKEN stays an admin token, named "env" as the author of its writes', async () => {
    const t = sqliteApp({ token: 'example-env-token' });
    try {
      const res = await call(t.app, 'POST', `/api/articles/${ARTICLE}/annotations`, 'example-env-token', ACCEPT);
      expect(res.status).toBe(201);
      expect(((await res.json()) as { annotations: { author: string }[] }).annotations[0].author).toBe('env');
      expect((await call(t.app, 'POST', '/api/tokens', 'example-env-token', { name: 'eve', role: 'viewer' })).status).toBe(201);
      expect((await t.store.tokens.writeLog(1))[0]).toMatchObject({ author: 'env', action: 'token.create', target: 'eve (viewer)' });
    } finally {
      await t.close();
    }
  });

  it('reads are open by default; a private server wants a viewer token for every read but the health check and the API document', async () => {
    const open = sqliteApp();
    const closed = sqliteApp({ private: true });
    try {
      expect((await call(open.app, 'GET', `/api/articles/${ARTICLE}`)).status).toBe(200);
      const viewer = await secretFor(closed.store, 'vera', 'viewer');
      for (const path of ['/api/articles', `/api/articles/${ARTICLE}`, `/api/articles/${ARTICLE}/annotations`, '/api/stats', '/api/review', '/api/taxonomy']) {
        const res = await call(closed.app, 'GET', path);
        expect(res.status, path).toBe(401);
        expect(((await res.json()) as { error: string }).error).toContain('reading this private server needs a token of role viewer or annotator or admin');
        expect((await call(closed.app, 'GET', path, viewer)).status, path).toBe(200);
      }
      expect((await call(closed.app, 'GET', '/api/articles', 'ns_not-a-token')).status).toBe(403);
      await closed.store.tokens.revokeToken('vera');
      const none = await call(closed.app, 'GET', '/api/articles', viewer);
      expect(none.status).toBe(403);
      expect(((await none.json()) as { error: string }).error).toMatch(/^reads are disabled on this server: .*narrascope tokens create/);
      expect((await call(closed.app, 'GET', '/api/health')).status).toBe(200);
      expect((await call(closed.app, 'GET', '/api/openapi.json')).status).toBe(200);
    } finally {
      await open.close();
      await closed.close();
    }
  });

  it('with no token anywhere writes are disabled and say how to enable them; a first named token enables them', async () => {
    const t = sqliteApp();
    try {
      const res = await call(t.app, 'POST', `/api/articles/${ARTICLE}/annotations`, 'ns_anything', ACCEPT);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: string }).error).toMatch(/^writes are disabled on this server: .*narrascope tokens create <name> --role <role>/);
      expect(((await (await call(t.app, 'GET', '/api/health')).json()) as { writes: string }).writes).toBe('disabled');
      const secret = await secretFor(t.store, 'first', 'annotator');
      expect(((await (await call(t.app, 'GET', '/api/health')).json()) as { writes: string }).writes).toBe('enabled');
      expect((await call(t.app, 'POST', `/api/articles/${ARTICLE}/annotations`, secret, ACCEPT)).status).toBe(201);
    } finally {
      await t.close();
    }
  });
});
