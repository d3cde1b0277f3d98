import { describe, expect, it } from 'vitest';
import { familiarName, parseImageReference, registryHost, splitImageReference } from '@/lib/images/reference';

function parsed(input: string, defaultTag = true) {
  const result = parseImageReference(input, { defaultTag });
  if (!result.ok) throw new Error(result.error);
  return result.ref;
}

function refused(input: string): string {
  const result = parseImageReference(input, { defaultTag: true });
  if (result.ok) throw new Error(`${input} was accepted as ${result.ref.full}`);
  return result.error;
}

describe('parseImageReference', () => {
  it('puts an official image under docker.io/library with the latest tag, as `docker pull busybox` does', () => {
    expect(parsed('busybox')).toMatchObject({
      domain: 'docker.io',
      path: 'library/busybox',
      tag: 'latest',
      full: 'docker.io/library/busybox:latest',
      familiar: 'busybox:latest',
    });
  });

  it('keeps a user repository on Docker Hub without library/', () => {
    expect(parsed('me/app:1.2')).toMatchObject({ full: 'docker.io/me/app:1.2', familiar: 'me/app:1.2' });
  });

  it('reads a host with a port as a registry and the last colon as the tag', () => {
    expect(parsed('127.0.0.1:5400/berth-test/x:v1')).toMatchObject({
      domain: '127.0.0.1:5400',
      path: 'berth-test/x',
      tag: 'v1',
      full: '127.0.0.1:5400/berth-test/x:v1',
      familiar: '127.0.0.1:5400/berth-test/x:v1',
    });
    expect(parsed('localhost/app')).toMatchObject({ domain: 'localhost', full: 'localhost/app:latest' });
    expect(parsed('ghcr.io/org/tool')).toMatchObject({ domain: 'ghcr.io', tag: 'latest' });
  });

  it('treats index.docker.io as docker.io', () => {
    expect(parsed('index.docker.io/busybox:1').full).toBe('docker.io/library/busybox:1');
  });

  it('adds no tag when not asked to, and none next to a digest', () => {
    expect(parsed('busybox', false).full).toBe('docker.io/library/busybox');
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(parsed(`busybox@${digest}`)).toMatchObject({
      tag: null,
      digest,
      full: `docker.io/library/busybox@${digest}`,
    });
  });

  it('refuses what the CLI refuses, saying why', () => {
    expect(refused('')).toMatch(/required/);
    expect(refused('Busybox')).toMatch(/lowercase/);
    expect(refused('busy box')).toMatch(/spaces/);
    expect(refused('busybox:')).toMatch(/Invalid tag/);
    expect(refused('busybox:-x')).toMatch(/Invalid tag/);
    expect(refused('a//b')).toMatch(/Invalid repository name/);
    expect(refused('-x')).toMatch(/Invalid repository name/);
    expect(refused('busybox@sha256:123')).toMatch(/Invalid digest/);
    expect(refused('f'.repeat(64))).toMatch(/image id/);
    expect(refused(':tag')).toMatch(/missing/);
  });

  it('takes a digest only as algorithm:hex with the length of a registered algorithm, as go-digest does', () => {
    const hex = (n: number) => 'a'.repeat(n);
    expect(parsed(`busybox@sha256:${hex(64)}`).digest).toBe(`sha256:${hex(64)}`);
    expect(parsed(`busybox@sha512:${hex(128)}`).digest).toBe(`sha512:${hex(128)}`);
    // The grammar's loose form (any algorithm, 32+ hex digits) is not enough: the engine refuses these.
    expect(refused(`busybox@sha256:${hex(32)}`)).toMatch(/Invalid digest/);
    expect(refused(`busybox@sha256:${hex(65)}`)).toMatch(/Invalid digest/);
    expect(refused(`busybox@sha256:${'A'.repeat(64)}`)).toMatch(/Invalid digest/);
    expect(refused(`busybox@md5:${hex(32)}`)).toMatch(/Invalid digest/);
    expect(refused(`busybox@${hex(64)}`)).toMatch(/Invalid digest/);
  });

  it('reads an IPv6 registry host in brackets', () => {
    expect(parsed('[::1]:5000/app')).toMatchObject({ domain: '[::1]:5000', full: '[::1]:5000/app:latest' });
    expect(refused('[::g]:5000/app')).toMatch(/Invalid registry host/);
  });
});

describe('splitImageReference', () => {
  it('reads a reference as written, naming a registry only when the first component looks like a host', () => {
    expect(splitImageReference('nginx')).toEqual({ ok: true, parts: { repository: 'nginx' } });
    expect(splitImageReference('team/app:v1')).toEqual({
      ok: true,
      parts: { repository: 'team/app', tag: 'v1' },
    });
    expect(splitImageReference('localhost:5000/team/app')).toEqual({
      ok: true,
      parts: { registry: 'localhost:5000', repository: 'team/app' },
    });
  });
});

describe('familiarName and registryHost', () => {
  it('shortens Docker Hub names as the CLI prints them', () => {
    expect(familiarName('docker.io/library/busybox')).toBe('busybox');
    expect(familiarName('docker.io/me/app')).toBe('me/app');
    expect(familiarName('127.0.0.1:5400/x')).toBe('127.0.0.1:5400/x');
  });

  it('matches a registry URL to image domains', () => {
    expect(registryHost('http://127.0.0.1:5400/')).toBe('127.0.0.1:5400');
    expect(registryHost('https://index.docker.io/v1/')).toBe('docker.io');
    expect(registryHost('GHCR.io')).toBe('ghcr.io');
  });
});
