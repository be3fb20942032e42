/** Write access: Hono's bearer-auth middleware checks `Authorization: Bearer <token>` against NARRASCOPE_TOKEN, in constant time. */
import type { Context, MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { ApiError, errorResponse } from './errors.js';

export const TOKEN_ENV = 'NARRASCOPE_TOKEN';

/** The characters a bearer token may hold (RFC 6750 b64token), which hono/bearer-auth accepts. */
const TOKEN_SYNTAX = /^[A-Za-z0-9._~+/-]+=*$/;

const refuse = (status: 401 | 403, message: string) => (c: Context) => errorResponse(c, status, message, 'authorization');

/**
 * Middleware refusing a write unless the request carries the server's token; with no token set,
 * every write is refused and the answer says how to enable writes. A token that is not RFC 6750
 * syntax is refused here, when the server starts, rather than refusing every client later.
 */
export function requireToken(token: string | undefined): MiddlewareHandler {
  if (!token) {
    return async () => {
      throw new ApiError(
        403,
        `writes are disabled on this server: start it with ${TOKEN_ENV}=<secret> in the environment and send "Authorization: Bearer <secret>"`,
        'authorization',
      );
    };
  }
  if (!TOKEN_SYNTAX.test(token)) {
    throw new Error(`${TOKEN_ENV} may hold only letters, digits and the characters - . _ ~ + / (then = padding), as a bearer token does`);
  }
  // 401 when the request lacks a usable header, 403 when it is well formed but the token is not the server's (docs/api.md).
  return bearerAuth({
    token,
    noAuthenticationHeader: { message: refuse(401, 'missing header "Authorization: Bearer <token>" (writes need the server\'s token)') },
    invalidAuthenticationHeader: { message: refuse(401, 'header "Authorization" must be "Bearer <token>"') },
    invalidToken: { message: refuse(403, 'the token in "Authorization" is not the server\'s token') },
  });
}
