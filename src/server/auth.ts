/** Write access: a bearer token compared in constant time with the one set in NARRASCOPE_TOKEN. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.js';

export const TOKEN_ENV = 'NARRASCOPE_TOKEN';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Middleware refusing a write unless the request carries `Authorization: Bearer <token>`. */
export function requireToken(token: string | undefined): MiddlewareHandler {
  const expected = token ? digest(token) : undefined;
  return async (c, next) => {
    if (!expected) {
      throw new ApiError(
        403,
        `writes are disabled on this server: start it with ${TOKEN_ENV}=<secret> in the environment and send "Authorization: Bearer <secret>"`,
        'authorization',
      );
    }
    const header = c.req.header('authorization');
    if (!header) throw new ApiError(401, 'missing header "Authorization: Bearer <token>" (writes need the server\'s token)', 'authorization');
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw new ApiError(401, 'header "Authorization" must be "Bearer <token>"', 'authorization');
    if (!timingSafeEqual(digest(m[1]), expected)) throw new ApiError(403, 'the token in "Authorization" is not the server\'s token', 'authorization');
    await next();
  };
}
