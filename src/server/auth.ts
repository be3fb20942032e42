/** Who may do what: `Authorization: Bearer <secret>` checked by hono/bearer-auth against the store's named tokens (roles viewer, annotator, admin) and NARRASCOPE_TOKEN (an admin named "env"). */
import type { Context, MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { timingSafeEqual } from 'hono/utils/buffer';
import { ROLES, type Role, type TokenStore } from '../store/annotations.js';
import { ApiError, errorResponse } from './errors.js';

export const TOKEN_ENV = 'NARRASCOPE_TOKEN';
/** Set to 1 (or `serve --private`): reads need a token too. */
export const PRIVATE_ENV = 'NARRASCOPE_PRIVATE';
/** The author name of writes made with NARRASCOPE_TOKEN. */
export const ENV_TOKEN_NAME = 'env';

/** The token a request was made with: its name is the author of the request's writes. */
export interface Caller {
  name: string;
  role: Role;
}

declare module 'hono' {
  interface ContextVariableMap {
    caller: Caller;
  }
}

/** What the checks read: the server's token, the store's named tokens, and whether reads are private. */
export interface Access {
  /** NARRASCOPE_TOKEN: kept working as an admin token named "env" for servers set up before named tokens. */
  token?: string;
  tokens: Pick<TokenStore, 'verifyToken' | 'listTokens' | 'logWrite'>;
  /** Reads need a viewer token at least (the health check and the OpenAPI document stay open). */
  private?: boolean;
}

/** The characters a bearer token may hold (RFC 6750 b64token), which hono/bearer-auth accepts. */
const TOKEN_SYNTAX = /^[A-Za-z0-9._~+/-]+=*$/;

/**
 * The access of a server; a NARRASCOPE_TOKEN that is not RFC 6750 syntax is refused here, when the
 * server starts, rather than refusing every client later.
 */
export function accessOf(options: Access): Access {
  // An empty NARRASCOPE_TOKEN (set but blank) means no server token, as it did before named tokens.
  const token = options.token || undefined;
  if (token !== undefined && !TOKEN_SYNTAX.test(token)) {
    throw new Error(`${TOKEN_ENV} may hold only letters, digits and the characters - . _ ~ + / (then = padding), as a bearer token does`);
  }
  return { ...options, token };
}

const rank = (role: Role) => ROLES.indexOf(role);

/** Whether any token could be accepted: the server's, or a named one not revoked. */
export async function writesEnabled(access: Access): Promise<boolean> {
  return access.token !== undefined || (await access.tokens.listTokens()).some((t) => !t.revokedAt);
}

/** The answer when no token exists at all: `what` ("writes are", "reads are") disabled, and how to make a token. */
const disabled = (what: string) =>
  `${what} disabled on this server: start it with ${TOKEN_ENV}=<secret> in the environment or create a token ` +
  'with "narrascope tokens create <name> --role <role>" on its database, and send "Authorization: Bearer <secret>"';

/** The caller of a secret: the server's token (compared in constant time), else a named token not revoked. */
async function callerOf(access: Access, secret: string): Promise<Caller | undefined> {
  if (access.token !== undefined && (await timingSafeEqual(access.token, secret))) return { name: ENV_TOKEN_NAME, role: 'admin' };
  const info = await access.tokens.verifyToken(secret);
  return info ? { name: info.name, role: info.role } : undefined;
}

/**
 * Middleware that identifies the caller (c.var.caller) or refuses: 401 without a usable header (with a
 * Bearer challenge), 403 for a token that is unknown or revoked — checked on every request, so a
 * revocation takes effect at once — or when no token exists at all (the answer says how to make one).
 */
function authenticate(access: Access, need: string, role: Role): MiddlewareHandler {
  const none = disabled(role === 'viewer' ? 'reads are' : 'writes are');
  const refuse = (status: 401 | 403, message: string) => async (c: Context) =>
    (await writesEnabled(access)) ? errorResponse(c, status, message, 'authorization') : errorResponse(c, 403, none, 'authorization');
  const check = bearerAuth({
    verifyToken: async (secret, c) => {
      const caller = await callerOf(access, secret);
      if (caller) c.set('caller', caller);
      return caller !== undefined;
    },
    noAuthenticationHeader: { message: refuse(401, `missing header "Authorization: Bearer <token>" (${need})`) },
    invalidAuthenticationHeader: { message: refuse(401, 'header "Authorization" must be "Bearer <token>"') },
    invalidToken: { message: refuse(403, 'the token in "Authorization" is not a token of this server (unknown or revoked)') },
  });
  // A request already identified (a private server checks every read first) is not looked up twice.
  return (c, next) => (c.get('caller') ? next() : check(c, next));
}

/** Middleware admitting callers of `role` or above; `what` names the action in the answers ("annotating"). */
export function requireRole(access: Access, role: Role, what: string): MiddlewareHandler {
  const needs = `${what} needs a token of role ${ROLES.slice(rank(role)).join(' or ')}`;
  const identify = authenticate(access, needs, role);
  return async (c, next) => {
    await identify(c, async () => {
      const caller = c.get('caller');
      if (rank(caller.role) < rank(role)) throw new ApiError(403, `the token "${caller.name}" has the role ${caller.role}; ${needs}`, 'authorization');
      await next();
    });
  };
}

/** Paths a private server still answers without a token: liveness and the API's description. */
const OPEN_PATHS = new Set(['/api/health', '/api/openapi.json']);

/** Middleware for every /api request: on a private server, a viewer token at least; else nothing. */
export function readAccess(access: Access): MiddlewareHandler {
  if (!access.private) return (_c, next) => next();
  const viewer = requireRole(access, 'viewer', 'reading this private server');
  return (c, next) => (OPEN_PATHS.has(c.req.path) ? next() : viewer(c, next));
}

/** Longest write-log target kept (the store's limit on the field). */
const TARGET_MAX = 4000;

/** Logs a write with its author, the request's caller. */
export async function logWrite(c: Context, access: Access, action: string, target: string): Promise<void> {
  const t = target.length > TARGET_MAX ? `${target.slice(0, TARGET_MAX - 1)}…` : target;
  await access.tokens.logWrite({ at: new Date().toISOString(), author: c.get('caller').name, action, target: t });
}
