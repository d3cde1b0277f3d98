import { describe, expect, it } from 'vitest';
import { pruneFiltersSchema } from '@/lib/prune/types';
import {
  joinVolumePath,
  renderVolumeCommand,
  renderVolumeCopyCommand,
  renderVolumeShellCommand,
} from '@/lib/volumes/cli';

describe('renderVolumeCommand', () => {
  it('renders create as the CLI takes it, leaving out the default driver', () => {
    expect(renderVolumeCommand({ action: 'create', form: {} })).toBe('docker volume create');
    expect(
      renderVolumeCommand({
        action: 'create',
        form: { name: 'cache', driver: 'local', options: ['type=tmpfs', 'o=size=100m'], labels: ['a=b c'] },
      }),
    ).toBe("docker volume create --opt type=tmpfs --opt o=size=100m --label 'a=b c' cache");
    expect(renderVolumeCommand({ action: 'create', form: { name: 'x1', driver: 'nfs' } })).toBe(
      'docker volume create --driver nfs x1',
    );
  });

  it('renders rm, inspect, ls and prune', () => {
    expect(renderVolumeCommand({ action: 'remove', names: ['a', 'b'] })).toBe('docker volume rm a b');
    expect(renderVolumeCommand({ action: 'inspect', name: 'a' })).toBe('docker volume inspect a');
    expect(renderVolumeCommand({ action: 'ls' })).toBe('docker volume ls');
    const filters = pruneFiltersSchema.parse({ label: ['berth.test.prune=r1'], labelNot: ['keep'] });
    expect(renderVolumeCommand({ action: 'prune', filters, all: true })).toBe(
      "docker volume prune -f --all --filter label=berth.test.prune=r1 --filter 'label!=keep'",
    );
    expect(renderVolumeCommand({ action: 'prune', filters: pruneFiltersSchema.parse({}), all: false })).toBe(
      'docker volume prune -f',
    );
  });
});

describe('volume file commands', () => {
  it('joins volume paths under the mount point', () => {
    expect(joinVolumePath('/data', '/')).toBe('/data');
    expect(joinVolumePath('/data/', '/a/b/')).toBe('/data/a/b');
    expect(joinVolumePath('/', '/a')).toBe('/a');
  });

  it('renders docker cp through the mounting container, and a throwaway shell when none mounts it', () => {
    expect(renderVolumeCopyCommand('web', '/data', '/logs', 'from')).toBe('docker cp web:/data/logs .');
    expect(renderVolumeCopyCommand('web', '/data', '/', 'to', 'a.txt')).toBe('docker cp a.txt web:/data');
    expect(renderVolumeShellCommand('cache')).toBe('docker run --rm -it -v cache:/data -w /data busybox sh');
  });
});
