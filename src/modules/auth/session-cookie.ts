import type { CookieSerializeOptions } from '@fastify/cookie';

/**
 * The session cookie's attributes, decided in one place so that logout clears the very cookie
 * login set: browsers key cookies by name, domain and path, and never let a cookie without
 * Secure overwrite a Secure one. The clearing cookie keeps HttpOnly and SameSite=Strict too:
 * no cookie under this name ever goes out with weaker attributes.
 *
 * Secure whenever the request came over HTTPS (the proxy's X-Forwarded-Proto counts: trustProxy
 * is on), and always when the deployment says so (`alwaysSecure`), e.g. behind a proxy that
 * does not say which protocol the browser used.
 */
export function sessionCookieOptions(alwaysSecure: boolean): CookieSerializeOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    // @fastify/cookie's 'auto': Secure when request.protocol is https.
    secure: alwaysSecure ? true : 'auto',
    path: '/',
  };
}
