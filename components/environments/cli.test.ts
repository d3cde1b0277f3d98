import { describe, expect, it } from 'vitest';
import { renderContextCommand, renderInfoCommand } from './cli';

describe('environment commands', () => {
  it('asks the engine by its address, with the TLS flags when it uses TLS', () => {
    expect(renderInfoCommand({ id: 'local', address: 'unix:///var/run/docker.sock', tls: false })).toBe(
      'docker info',
    );
    expect(renderInfoCommand({ id: 'prod', address: 'tcp://10.0.0.5:2376', tls: true })).toBe(
      'docker --host tcp://10.0.0.5:2376 --tlsverify --tlscacert ca.pem --tlscert cert.pem --tlskey key.pem info',
    );
    expect(renderInfoCommand({ id: 'b', address: 'ssh://me@box', tls: false })).toBe(
      'docker --host ssh://me@box info',
    );
    expect(renderContextCommand({ id: 'prod', address: 'tcp://h:2376', tls: true })).toBe(
      'docker context create prod --docker "host=tcp://h:2376,ca=ca.pem,cert=cert.pem,key=key.pem"',
    );
  });
});
