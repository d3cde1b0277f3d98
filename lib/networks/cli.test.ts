import { describe, expect, it } from 'vitest';
import { renderNetworkCommand } from '@/lib/networks/cli';
import { pruneFiltersSchema } from '@/lib/prune/types';

describe('renderNetworkCommand', () => {
  it('renders a plain bridge network as `docker network create NAME`', () => {
    expect(renderNetworkCommand({ action: 'create', form: { name: 'app' } })).toBe(
      'docker network create app',
    );
  });

  it('renders every create flag the form has', () => {
    expect(
      renderNetworkCommand({
        action: 'create',
        form: {
          name: 'lan',
          driver: 'macvlan',
          pools: [{ subnet: '192.168.50.0/24', gateway: '192.168.50.1', ipRange: '192.168.50.128/25' }],
          ipv6: true,
          internal: true,
          attachable: true,
          labels: ['team=net'],
          options: ['parent=eth0'],
        },
      }),
    ).toBe(
      'docker network create --driver macvlan --subnet 192.168.50.0/24 --ip-range 192.168.50.128/25 ' +
        '--gateway 192.168.50.1 --ipv6 --internal --attachable --label team=net --opt parent=eth0 lan',
    );
  });

  it('shows a placeholder while the name is not typed yet', () => {
    expect(renderNetworkCommand({ action: 'create', form: { name: '' } })).toBe('docker network create NAME');
  });

  it('renders connect with aliases and static addresses, and disconnect with -f', () => {
    expect(
      renderNetworkCommand({
        action: 'connect',
        network: 'app',
        input: { container: 'web', aliases: ['api', ''], ipv4: '10.5.0.9', ipv6: 'fd00::9' },
      }),
    ).toBe('docker network connect --alias api --ip 10.5.0.9 --ip6 fd00::9 app web');
    expect(
      renderNetworkCommand({ action: 'disconnect', network: 'app', container: 'web', force: true }),
    ).toBe('docker network disconnect -f app web');
  });

  it('renders rm, inspect and prune with filters', () => {
    expect(renderNetworkCommand({ action: 'remove', names: ['a', 'b'] })).toBe('docker network rm a b');
    expect(renderNetworkCommand({ action: 'inspect', name: 'a' })).toBe('docker network inspect a');
    expect(
      renderNetworkCommand({ action: 'prune', filters: pruneFiltersSchema.parse({ label: ['env=ci'] }) }),
    ).toBe('docker network prune -f --filter label=env=ci');
  });
});
