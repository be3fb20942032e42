/** Write access through Hono's bearer-auth middleware: the token's syntax, the header's forms, the answers' statuses and challenge. */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { accessOf, TOKEN_ENV } from '../../src/server/auth.js';
import type { StorageEngine } from '../../src/store/engine.js';

/** An app whose writes never reach the store: every request here is refused before its body is read. */
function appWith(token: string | undefined) {
  const tokens = { verifyToken: async () => undefined, listTokens: async () => [], logWrite: async () => {} };
  const store = { count: () => 0, tokens } as unknown as StorageEngine;
  return createApp({ store, analyze: () => Promise.reject(new Error('not used')), token, limits: { jsonBytes: 1024, uploadBytes: 1024 }, log: () => {} });
}

const post = (app: ReturnType<typeof appWith>, authorization?: string) =>
  app.request('/api/articles', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: '{"text": "In this invented example, nothing is stored."}',
  });

describe('bearer token', () => {
  it('a server token that is not bearer-token syntax is refused when the app is made, naming the variable', () => {
    const access = (token: string) => accessOf({ token, tokens: { verifyToken: async () => undefined, listTokens: async () => [], logWrite: async () => {} } });
    expect(() => access('has spaces in it')).toThrow(new RegExp(`^${TOKEN_ENV} may hold only letters, digits`));
    expect(() => appWith('semi;colon')).toThrow(TOKEN_ENV);
    expect(() => access('abc-DEF_123.~+/==')).not.toThrow();
    expect(access('').token).toBeUndefined();
  });

  it('a missing header is a 401 with a Bearer challenge; a wrong token, even one extending the right one, is a 403', async () => {
    const app = appWith('example-auth-token');
    const missing = await post(app);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await missing.json()).toEqual({ error: 'missing header "Authorization: Bearer <token>" (storing articles needs a token of role admin)', field: 'authorization' });
    for (const wrong of ['example-auth-toke', 'example-auth-token2', 'EXAMPLE-AUTH-TOKEN']) {
      const res = await post(app, `Bearer ${wrong}`);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: 'the token in "Authorization" is not a token of this server (unknown or revoked)', field: 'authorization' });
    }
  });

  it('a header that is not "Bearer <token>" is a 401 saying so; the scheme is case-insensitive', async () => {
    const app = appWith('example-auth-token');
    for (const header of ['example-auth-token', 'Basic ZXhhbXBsZQ==', 'Bearer']) {
      const res = await post(app, header);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: string }).error).toBe('header "Authorization" must be "Bearer <token>"');
    }
    // Accepted: the request goes on past the token check (to an ingest this app's stand-in store cannot serve).
    expect([401, 403]).not.toContain((await post(app, 'bearer example-auth-token')).status);
  });

  it('with no token set, every write is a 403 saying how to enable writes, and the security headers stay', async () => {
    const res = await post(appWith(undefined), 'Bearer anything');
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toMatch(/^writes are disabled on this server: start it with NARRASCOPE_TOKEN=<secret>/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const refused = await post(appWith('example-auth-token'));
    expect(refused.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(refused.headers.get('x-frame-options')).toBe('DENY');
  });
});
