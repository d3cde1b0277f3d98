import { describe, expect, it } from 'vitest';
import { apiOlderThan, classifyEngineError } from '@/server/environments/check';

const at = 'tcp://h:1';
const problem = (err: unknown) => classifyEngineError(err, at).problem;

describe('engine connection problems', () => {
  it('compares API versions per part', () => {
    expect(apiOlderThan('1.40', '1.41')).toBe(true);
    expect(apiOlderThan('1.41', '1.41')).toBe(false);
    expect(apiOlderThan('1.45', '1.41')).toBe(false);
    expect(apiOlderThan('1.9', '1.41')).toBe(true);
  });

  it('names what a user can act on', () => {
    expect(problem(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(
      'refused',
    );
    expect(problem(Object.assign(new Error('x'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }))).toBe('tls');
    expect(problem(Object.assign(new Error('x'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }))).toBe('tls');
    expect(problem(new Error('write EPROTO ... wrong version number'))).toBe('tls');
    expect(problem(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBe('timeout');
    expect(problem(Object.assign(new Error('x'), { code: 'ETIMEDOUT' }))).toBe('timeout');
    expect(
      problem(
        Object.assign(new Error('All configured authentication methods failed'), {
          level: 'client-authentication',
        }),
      ),
    ).toBe('auth');
    expect(
      problem({ statusCode: 400, json: 'Client sent an HTTP request to an HTTPS server.', message: 'x' }),
    ).toBe('tls');
    expect(
      problem(
        new Error('Cannot parse privateKey: Encrypted private OpenSSH key detected, but no passphrase given'),
      ),
    ).toBe('auth');
    expect(problem(Object.assign(new Error('x'), { code: 'EHOSTUNREACH' }))).toBe('unreachable');
    expect(classifyEngineError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), at).error).toContain(
      at,
    );
  });
});
