import { describe, expect, it } from 'vitest';
import {
  nodeUpdateCommand,
  serviceCreateCommand,
  serviceScaleCommand,
  serviceUpdateCommand,
  swarmFileCreateCommand,
} from '@/lib/swarm/cli';

describe('Swarm CLI lines', () => {
  it('docker service create with the options a form sets, image and command last', () => {
    expect(
      serviceCreateCommand({
        name: 'web',
        image: 'nginx:1.27',
        replicas: 3,
        env: ['A=1', 'B=two words'],
        ports: [{ target: 80, published: 8080, protocol: 'tcp', mode: 'host' }],
        mounts: [{ type: 'volume', source: 'data', target: '/data', readOnly: true }],
        constraints: ['node.role == worker'],
        secrets: [{ name: 'db-pass', target: 'db' }],
        noResolveImage: true,
        command: ['nginx', '-g', 'daemon off;'],
      }),
    ).toBe(
      "docker service create --name web --replicas 3 --env A=1 --env 'B=two words' --publish published=8080,target=80,mode=host --mount type=volume,source=data,target=/data,readonly --constraint node.role==worker --secret source=db-pass,target=db --no-resolve-image nginx:1.27 nginx -g 'daemon off;'",
    );
  });

  it('a global service has no replica count; an empty form shows placeholders', () => {
    expect(serviceCreateCommand({ name: 'agent', image: 'a', mode: 'global', replicas: 4 })).toBe(
      'docker service create --name agent --mode global a',
    );
    expect(serviceCreateCommand({})).toBe('docker service create --name NAME IMAGE');
  });

  it('docker service update names only what changes: env and labels as add/rm', () => {
    expect(
      serviceUpdateCommand(
        'web',
        { env: ['A=1', 'C=3'], labels: { tier: 'front' }, image: 'nginx:1.28' },
        { env: ['A=1', 'B=2'], labels: { old: 'x', tier: 'front' } },
      ),
    ).toBe('docker service update --image nginx:1.28 --env-rm B --env-add C=3 --label-rm old web');
    expect(serviceScaleCommand('web', 0)).toBe('docker service scale web=0');
  });

  it('docker node update with availability and label changes', () => {
    expect(
      nodeUpdateCommand(
        { hostname: 'n1', labels: { zone: 'a', gone: '' } },
        { availability: 'drain', labels: { zone: 'b', ssd: '' } },
      ),
    ).toBe('docker node update --availability drain --label-rm gone --label-add zone=b --label-add ssd n1');
  });

  it('a secret value never appears on its line', () => {
    expect(swarmFileCreateCommand('secret', 'db-pass', { env: 'prod' })).toBe(
      'docker secret create --label env=prod db-pass -',
    );
  });
});
