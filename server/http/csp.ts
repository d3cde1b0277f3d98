import { randomBytes } from 'node:crypto';

/**
 * Content-Security-Policy with a fresh nonce per response. Next.js reads the nonce from the request's
 * `content-security-policy` header and puts it on every script it renders, so no inline script runs without
 * it. Styles keep 'unsafe-inline': React style attributes (the virtualized rows) need it and cannot carry a nonce.
 */
export function contentSecurityPolicy(dev: boolean): { nonce: string; header: string } {
  const nonce = randomBytes(16).toString('base64');
  const header = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { nonce, header };
}
