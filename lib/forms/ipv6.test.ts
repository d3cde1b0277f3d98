import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIPv6 } from '@/lib/forms/ip';
import { isIPv6Address } from '@/lib/forms/ipv6';

describe('isIPv6Address (the light port of ipaddr)', () => {
  const samples = [
    '::',
    '::1',
    '1::',
    '1:2:3:4:5:6:7:8',
    '1:2:3:4:5:6:7::',
    '::2:3:4:5:6:7:8',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    'fe80::1%eth0',
    '::ffff:1.2.3.4',
    '::1.2.3.4',
    '::ffff:256.1.1.1',
    '1:2:3:4:5:6:1.2.3.4',
    '1:2:3:4:5:6:7:1.2.3.4',
    '::0x1.2.3.4',
    '12345::',
    'g::1',
    ':1',
    '1:',
    ':::',
    '',
    '1.2.3.4',
    'localhost',
    '[::1]',
  ];
  it.each(samples)('answers %j as ipaddr does', (text) => {
    expect(isIPv6Address(text)).toBe(isIPv6(text));
  });

  it('answers random address-like text as ipaddr does', () => {
    const char = fc.constantFrom(...'0123456789abcdefABCDEF:.x%'.split(''));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 45 }), (chars) => {
        const text = chars.join('');
        expect(isIPv6Address(text)).toBe(isIPv6(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('answers mutated valid addresses as ipaddr does', () => {
    const group = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'0123456789abcdef'.split('')), maxLength: 5 }),
      fc.constantFrom('', '1.2.3.4', '0x1f.0.0.1', '300.1.1.1'),
    );
    fc.assert(
      fc.property(fc.array(group, { minLength: 1, maxLength: 10 }), (groups) => {
        const text = groups.join(':');
        expect(isIPv6Address(text)).toBe(isIPv6(text));
      }),
      { numRuns: 20_000 },
    );
  });
});
