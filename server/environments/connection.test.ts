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

  it('SSH with a key and passphrase, port 22 unless given', () => {
    expect(
      dockerOptions({ ...base, address: 'ssh://deploy@host.example', sshKey: 'K', sshPassphrase: 'P' }),
    ).toMatchObject({
      protocol: 'ssh',
      host: 'host.example',
      port: 22,
      username: 'deploy',
      sshOptions: { privateKey: 'K', passphrase: 'P' },
    });
    expect(dockerOptions({ ...base, address: 'ssh://a@h:2222' })).toMatchObject({
      port: 2222,
      sshOptions: {},
    });
  });
});
