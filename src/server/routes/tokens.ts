/** /api/tokens: named API tokens, listed, created (the secret answered once) and revoked by an admin (`narrascope tokens` does the same from the command line); /api/whoami: the caller's name and role. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { TokenCreatedSchema, TokenInfoSchema, TokenListSchema } from '../../api-schema.js';
import { ROLES } from '../../store/annotations.js';
import { logWrite, requireRole, type Access } from '../auth.js';
import type { ServerDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { BEARER, errorResponses, jsonResponse } from '../openapi.js';
import { jsonOnly, validJson } from '../request-body.js';
import { TokenCreateSchema } from '../schemas.js';
import { limitBody } from './shared.js';

const admin = (access: Access) => requireRole(access, 'admin', 'managing tokens');

function listRoute(access: Access) {
  return createRoute({
    method: 'get',
    path: '/api/tokens',
    summary: 'The named tokens, revoked ones included (never their secrets)',
    security: [{ [BEARER]: [] }],
    middleware: [admin(access)] as const,
    responses: { 200: jsonResponse(TokenListSchema, 'The tokens'), ...errorResponses(401, 403) },
  });
}

function createTokenRoute(deps: ServerDeps, access: Access) {
  return createRoute({
    method: 'post',
    path: '/api/tokens',
    summary: 'Create a named token with a role; its secret is in this answer only',
    security: [{ [BEARER]: [] }],
    middleware: [admin(access), limitBody(deps.limits), jsonOnly] as const,
    request: { body: { content: { 'application/json': { schema: TokenCreateSchema } } } },
    responses: { 201: jsonResponse(TokenCreatedSchema, 'Created'), ...errorResponses(400, 401, 403, 409, 415) },
  });
}

function revokeRoute(access: Access) {
  return createRoute({
    method: 'delete',
    path: '/api/tokens/{name}',
    summary: 'Revoke a token at once (its name stays taken: it is the author of past writes)',
    security: [{ [BEARER]: [] }],
    middleware: [admin(access)] as const,
    request: { params: z.object({ name: z.string().max(64) }) },
    responses: { 200: jsonResponse(TokenInfoSchema, 'Revoked'), ...errorResponses(401, 403, 404) },
  });
}

function whoamiRoute(access: Access) {
  return createRoute({
    method: 'get',
    path: '/api/whoami',
    summary: "The token a request carries: its name and role (a dashboard shows the moves the role allows)",
    security: [{ [BEARER]: [] }],
    middleware: [requireRole(access, 'viewer', 'asking who you are')] as const,
    responses: { 200: jsonResponse(z.object({ name: z.string(), role: z.enum(ROLES) }).meta({ id: 'Caller' }), 'The caller'), ...errorResponses(401, 403) },
  });
}

export function registerTokenRoutes(app: OpenAPIHono, deps: ServerDeps, access: Access): void {
  const tokens = deps.store.tokens;
  app.openapi(whoamiRoute(access), (c) => c.json(c.get('caller'), 200));
  app.openapi(listRoute(access), async (c) => c.json({ tokens: await tokens.listTokens() }, 200));

  app.openapi(createTokenRoute(deps, access), async (c) => {
    const { name, role } = validJson(c, TokenCreateSchema);
    const created = await tokens.createToken(name, role);
    await logWrite(c, access, 'token.create', `${name} (${role})`);
    return c.json(created, 201);
  });

  app.openapi(revokeRoute(access), async (c) => {
    const { name } = c.req.valid('param');
    if (!(await tokens.revokeToken(name))) throw new ApiError(404, `no token named "${name}"`, 'name');
    await logWrite(c, access, 'token.revoke', name);
    const info = (await tokens.listTokens()).find((t) => t.name === name)!;
    return c.json(info, 200);
  });
}
