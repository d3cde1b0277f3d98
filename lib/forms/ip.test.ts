import { describe, expect, it } from 'vitest';
import { isIPv4, isIPv6, parseIp } from '@/lib/forms/ip';

describe('IP addresses', () => {
  it('reads plain IPv4 and IPv6 addresses only', () => {
    expect(parseIp('10.1.2.3')?.kind()).toBe('ipv4');
    expect(parseIp('fd00::1')?.kind()).toBe('ipv6');
    expect(parseIp('10.1')).toBeNull();
    expect(parseIp('10.1.2.256')).toBeNull();
    expect(parseIp('fe80::1%eth0')).toBeNull();
    expect(parseIp('')).toBeNull();
  });

  it('tells the families apart, refusing leading zeros, hex and octal forms', () => {
    expect(isIPv4('172.28.5.10')).toBe(true);
    expect(isIPv4('010.1.2.3')).toBe(false);
    expect(isIPv4('0x7f.0.0.1')).toBe(false);
    expect(isIPv4('::1')).toBe(false);
    expect(isIPv6('::1')).toBe(true);
    expect(isIPv6('::ffff:1.2.3.4')).toBe(true);
    expect(isIPv6('2001:db8::ff00:42:8329')).toBe(true);
    expect(isIPv6('1:2:3:4:5:6:7:8:9')).toBe(false);
    expect(isIPv6('::g')).toBe(false);
    expect(isIPv6('1.2.3.4')).toBe(false);
  });
});
