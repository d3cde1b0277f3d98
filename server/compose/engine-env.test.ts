import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDataDir } from '@/server/testing/scratch-data-dir';

scratchDataDir('compose-engine');
const { composeEngine } = await import('@/server/compose/engine-env');
const store = await import('@/server/environments/store');

const tls = { ca: 'CA PEM\n', cert: 'CERT PEM\n', key: 'KEY PEM\n' };

describe('the engine variables of a Compose run', () => {
  it('gives the local engine Berth own DOCKER_HOST and TLS variables', () => {
    const engine = composeEngine('local', {
      DOCKER_CERT_PATH: '/certs',
      DOCKER_TLS_VERIFY: '1',
    } as unknown as NodeJS.ProcessEnv);
    expect(engine.vars).toMatchObject({ DOCKER_CERT_PATH: '/certs', DOCKER_TLS_VERIFY: '1' });
    expect(engine.vars.DOCKER_HOST).toBeTruthy();
  });

  it('writes a TLS environment certificates to a private folder for the run, removed afterwards', () => {
    store.createEnvironment({ id: 'prod', name: 'Prod', address: 'tcp://10.0.0.1:2376', tls } as never);
    const engine = composeEngine('prod', { DOCKER_CERT_PATH: '/certs' } as unknown as NodeJS.ProcessEnv);
    const dir = engine.vars.DOCKER_CERT_PATH as string;
    expect(engine.vars).toMatchObject({ DOCKER_HOST: 'tcp://10.0.0.1:2376', DOCKER_TLS_VERIFY: '1' });
    expect(dir).not.toBe('/certs');
    expect(fs.readFileSync(path.join(dir, 'key.pem'), 'utf8')).toBe(tls.key);
    expect(fs.readFileSync(path.join(dir, 'ca.pem'), 'utf8')).toBe(tls.ca);
    expect(fs.statSync(path.join(dir, 'key.pem')).mode & 0o077).toBe(0);
    expect(fs.statSync(dir).mode & 0o077).toBe(0);
    engine.cleanup();
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('gives a plain tcp environment only its address, and refuses SSH with what to use instead', () => {
    store.createEnvironment({ id: 'edge', name: 'Edge', address: 'tcp://10.0.0.2:2375' } as never);
    expect(composeEngine('edge', { DOCKER_TLS_VERIFY: '1' } as unknown as NodeJS.ProcessEnv).vars).toEqual({
      DOCKER_HOST: 'tcp://10.0.0.2:2375',
    });
    store.createEnvironment({ id: 'far', name: 'Far', address: 'ssh://me@10.0.0.3' } as never);
    expect(() => composeEngine('far')).toThrow(expect.objectContaining({ status: 409 }));
  });
});
