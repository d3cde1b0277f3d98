import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockerOptions } from '@/server/environments/connection';

const base = { id: 'x', name: 'x', tls: null, sshKey: null, sshPassphrase: null };

describe('dockerode options of an environment', () => {
  it('a unix socket clears every TCP field (DOCKER_HOST defaults must not win over it)', () => {
    const opts = dockerOptions({ ...base, address: 'unix:///run/e2.sock' });
    expect(opts).toMatchObject({ socketPath: '/run/e2.sock', host: undefined, ca: undefined });
    expect('host' in opts).toBe(true);
  });

  it('plain TCP and TLS', () => {
    expect(dockerOptions({ ...base, address: 'tcp://10.0.0.1:2375' })).toMatchObject({
      protocol: 'http',
      host: '10.0.0.1',
      port: 2375,
      socketPath: undefined,
    });
    const tls = { ca: 'CA', cert: 'CERT', key: 'KEY' };
    expect(dockerOptions({ ...base, address: 'tcp://[::1]:2376', tls })).toMatchObject({
      protocol: 'https',
      host: '::1',
      port: 2376,
      ca: 'CA',
      cert: 'CERT',
      key: 'KEY',
    });
  });

  it('SSH with a key and passphrase, decrypted once, port 22 unless given', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-ssh-key-'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'pw-1', '-f', path.join(dir, 'k')]);
    const key = fs.readFileSync(path.join(dir, 'k'), 'utf8');
    fs.rmSync(dir, { recursive: true, force: true });
    const options = dockerOptions({
      ...base,
      address: 'ssh://deploy@host.example',
      sshKey: key,
      sshPassphrase: 'pw-1',
    });
    expect(options).toMatchObject({ protocol: 'ssh', host: 'host.example', port: 22, username: 'deploy' });
    const auth = (
      options.sshOptions as { authHandler: { type: string; username: string; key: { type: string } }[] }
    ).authHandler;
    expect(auth).toEqual([expect.objectContaining({ type: 'publickey', username: 'deploy' })]);
    expect(auth[0]?.key.type).toBe('ssh-ed25519');
    // The same key again is the same parsed key (no second decryption).
    const again = dockerOptions({
      ...base,
      address: 'ssh://deploy@host.example',
      sshKey: key,
      sshPassphrase: 'pw-1',
    });
    expect((again.sshOptions as unknown as { authHandler: { key: unknown }[] }).authHandler[0]?.key).toBe(
      auth[0]?.key,
    );
    // A wrong passphrase is a key problem in ssh2's own words.
    expect(() =>
      dockerOptions({ ...base, address: 'ssh://deploy@host.example', sshKey: key, sshPassphrase: 'nope' }),
    ).toThrow(/Cannot parse privateKey/);
    expect(dockerOptions({ ...base, address: 'ssh://a@h:2222' })).toMatchObject({
      port: 2222,
      sshOptions: {},
    });
  });
});
