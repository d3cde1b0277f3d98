import { describe, expect, it } from 'vitest';
import { networkConnectSchema, networkCreateSchema, parseCidr, subnetHolding } from '@/lib/networks/form';

function issues(input: unknown) {
  const result = networkCreateSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('parseCidr', () => {
  it('reads CIDRs and refuses prefixes out of range', () => {
    expect(parseCidr('172.28.0.0/16')).toMatchObject({ prefix: 16, family: 'ipv4' });
    expect(parseCidr('fd00:1::/64')).toMatchObject({ prefix: 64, family: 'ipv6' });
    expect(parseCidr('10.0.0.0/33')).toBeNull();
    expect(parseCidr('fd00::/129')).toBeNull();
    expect(parseCidr('10.0.0.0')).toBeNull();
    expect(parseCidr('10.0.0.0/')).toBeNull();
    expect(parseCidr('10.0.0.0/1a')).toBeNull();
  });
});

describe('networkCreateSchema', () => {
  it('fills the defaults of `docker network create NAME`', () => {
    expect(networkCreateSchema.parse({ name: 'app' })).toEqual({
      name: 'app',
      driver: 'bridge',
      pools: [],
      ipv6: false,
      internal: false,
      attachable: false,
      labels: [],
      options: [],
    });
  });

  it('accepts a subnet with gateway and IP range inside it, and empty optional fields', () => {
    const parsed = networkCreateSchema.parse({
      name: 'app',
      pools: [
        { subnet: '172.28.0.0/16', gateway: '172.28.0.1', ipRange: '172.28.5.0/24' },
        { subnet: 'fd00:28::/64', gateway: '', ipRange: '' },
      ],
      ipv6: true,
    });
    expect(parsed.pools).toEqual([
      { subnet: '172.28.0.0/16', gateway: '172.28.0.1', ipRange: '172.28.5.0/24' },
      { subnet: 'fd00:28::/64', gateway: undefined, ipRange: undefined },
    ]);
  });

  it('names the field of a bad CIDR', () => {
    expect(issues({ name: 'app', pools: [{ subnet: '10.0.0.0/33' }] })).toEqual([
      { path: 'pools.0.subnet', message: expect.stringContaining('not a valid subnet in CIDR notation') },
    ]);
    expect(issues({ name: 'app', pools: [{ subnet: 'not-a-cidr' }] })[0]?.path).toBe('pools.0.subnet');
  });

  it('refuses a subnet with host bits set, saying which subnet was meant', () => {
    expect(issues({ name: 'app', pools: [{ subnet: '10.1.2.3/24' }] })).toEqual([
      { path: 'pools.0.subnet', message: expect.stringContaining('10.1.2.0/24') },
    ]);
  });

  it('refuses a gateway outside its subnet, or of the other family, or the network address itself', () => {
    expect(issues({ name: 'a', pools: [{ subnet: '10.5.0.0/24', gateway: '10.6.0.1' }] })).toEqual([
      { path: 'pools.0.gateway', message: 'The gateway 10.6.0.1 is outside the subnet 10.5.0.0/24' },
    ]);
    expect(issues({ name: 'a', pools: [{ subnet: '10.5.0.0/24', gateway: 'fd00::1' }] })[0]?.path).toBe(
      'pools.0.gateway',
    );
    expect(issues({ name: 'a', pools: [{ subnet: '10.5.0.0/24', gateway: '10.5.0.0' }] })[0]?.path).toBe(
      'pools.0.gateway',
    );
    expect(issues({ name: 'a', pools: [{ subnet: '10.5.0.0/24', gateway: 'gw' }] })).toEqual([
      { path: 'pools.0.gateway', message: '"gw" is not an IP address' },
    ]);
  });

  it('refuses an IP range that is not inside the subnet', () => {
    expect(issues({ name: 'a', pools: [{ subnet: '10.5.0.0/24', ipRange: '10.5.0.0/16' }] })[0]?.path).toBe(
      'pools.0.ipRange',
    );
    expect(issues({ name: 'a', pools: [{ subnet: '10.5.0.0/24', ipRange: '10.7.0.0/28' }] })[0]?.path).toBe(
      'pools.0.ipRange',
    );
    expect(issues({ name: 'a', pools: [{ subnet: '10.5.0.0/24', ipRange: '10.5.0.128/25' }] })).toEqual([]);
  });

  it('refuses overlapping subnets and an IPv6 subnet without --ipv6', () => {
    expect(
      issues({ name: 'a', pools: [{ subnet: '10.5.0.0/16' }, { subnet: '10.5.3.0/24' }] }).map((i) => i.path),
    ).toEqual(['pools.1.subnet']);
    expect(issues({ name: 'a', pools: [{ subnet: 'fd00::/64' }] })).toEqual([
      { path: 'pools.0.subnet', message: 'An IPv6 subnet needs IPv6 turned on (--ipv6)' },
    ]);
  });

  it('refuses an unknown driver, a bad name and malformed labels or options', () => {
    const paths = issues({
      name: '-bad',
      driver: 'weave',
      labels: ['ok=1', 'nokey'],
      options: ['=x'],
    }).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'driver', 'labels.1', 'options.0']));
  });
});

describe('networkConnectSchema', () => {
  it('accepts aliases and static addresses, dropping empty ones', () => {
    expect(
      networkConnectSchema.parse({
        container: 'web',
        aliases: ['db', 'cache.local'],
        ipv4: '10.5.0.9',
        ipv6: '',
      }),
    ).toEqual({ container: 'web', aliases: ['db', 'cache.local'], ipv4: '10.5.0.9', ipv6: undefined });
  });

  it('names each bad field', () => {
    const result = networkConnectSchema.safeParse({
      container: '',
      aliases: ['bad alias'],
      ipv4: 'fd00::1',
      ipv6: '10.0.0.1',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['container', 'aliases.0', 'ipv4', 'ipv6']),
    );
  });
});

describe('subnetHolding', () => {
  it('finds the subnet an address is in, across families', () => {
    const subnets = ['10.5.0.0/24', 'fd00:5::/64'];
    expect(subnetHolding(subnets, '10.5.0.77')).toBe('10.5.0.0/24');
    expect(subnetHolding(subnets, 'fd00:5::9')).toBe('fd00:5::/64');
    expect(subnetHolding(subnets, '10.6.0.1')).toBeNull();
    expect(subnetHolding(subnets, 'junk')).toBeNull();
  });
});
