import { describe, expect, it } from 'vitest';
import {
  asideName,
  carryAnonymousVolumes,
  networkConnectCommand,
  recreateCommands,
} from '@/lib/containers/recreate-plan';

const VOL_A = 'a'.repeat(64);
const VOL_B = 'b'.repeat(64);
const VOL_C = 'c'.repeat(64);
const ID = `${'1234567890ab'}${'0'.repeat(52)}`;

describe('carryAnonymousVolumes', () => {
  it('mounts each old anonymous volume by name where the form mounts it anonymously or not at all', () => {
    const { form, carried, left } = carryAnonymousVolumes(
      {
        image: 'app',
        volumes: ['/data', 'named:/named', '/host:/host'],
        mounts: ['type=volume,target=/anon,readonly'],
      },
      [
        { Type: 'volume', Name: VOL_A, Destination: '/data' },
        { Type: 'volume', Name: VOL_B, Destination: '/anon' },
        // Declared by the image (the form leaves the image's volumes out).
        { Type: 'volume', Name: VOL_C, Destination: '/var/lib/app' },
        { Type: 'volume', Name: 'named', Destination: '/named' },
        { Type: 'bind', Destination: '/host' },
      ],
    );
    expect(form.volumes).toEqual([`${VOL_A}:/data`, 'named:/named', '/host:/host', `${VOL_C}:/var/lib/app`]);
    expect(form.mounts).toEqual([`source=${VOL_B},type=volume,target=/anon,readonly`]);
    expect(carried.map((c) => c.target)).toEqual(['/data', '/anon', '/var/lib/app']);
    expect(left).toEqual([]);
  });

  it('leaves a volume out where the form mounts something else, and the ones --volumes-from brings', () => {
    const { form, carried, left } = carryAnonymousVolumes(
      { image: 'app', volumes: ['/srv/data:/data'], tmpfs: ['/cache:size=1m'] },
      [
        { Type: 'volume', Name: VOL_A, Destination: '/data/' },
        { Type: 'volume', Name: VOL_B, Destination: '/cache' },
        { Type: 'volume', Name: VOL_C, Destination: '/peer' },
      ],
      new Set([VOL_C]),
    );
    expect(form.volumes).toEqual(['/srv/data:/data']);
    expect(carried).toEqual([]);
    expect(left).toEqual([
      { volume: VOL_A, target: '/data' },
      { volume: VOL_B, target: '/cache' },
    ]);
  });

  it('changes nothing for a container without anonymous volumes', () => {
    const form = { image: 'app', env: ['A=1'] };
    expect(carryAnonymousVolumes(form, [], new Set())).toEqual({ form, carried: [], left: [] });
  });
});

describe('the CLI steps of a recreate', () => {
  it('stops, renames aside, runs under the name and removes the old one', () => {
    expect(asideName('web', ID)).toBe('web-berth-old-1234567890ab');
    expect(
      recreateCommands({
        name: 'web',
        id: ID,
        running: true,
        pull: true,
        form: { image: 'nginx:1', env: ['A=1'], start: true },
        extraNetworks: [],
      }),
    ).toEqual([
      'docker pull nginx:1',
      'docker stop web',
      'docker rename web web-berth-old-1234567890ab',
      'docker run -d --name web -e A=1 nginx:1',
      'docker rm web-berth-old-1234567890ab',
    ]);
  });

  it('creates, connects the other networks, then starts, for a container on several networks', () => {
    expect(
      recreateCommands({
        name: 'api',
        id: ID,
        running: false,
        pull: false,
        form: { image: 'app', start: true },
        extraNetworks: [{ name: 'backend', aliases: ['api'], ipv4: '10.1.0.5' }],
      }),
    ).toEqual([
      'docker rename api api-berth-old-1234567890ab',
      'docker create --name api app',
      'docker network connect --alias api --ip 10.1.0.5 backend api',
      'docker start api',
      'docker rm api-berth-old-1234567890ab',
    ]);
    expect(networkConnectCommand({ name: 'n', aliases: [], ipv6: 'fd00::5' }, 'c')).toBe(
      'docker network connect --ip6 fd00::5 n c',
    );
  });
});
