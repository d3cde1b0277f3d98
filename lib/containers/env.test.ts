import { describe, expect, it } from 'vitest';
import { ENV_VALUE_MASK, maskEnvEntry, splitEnvEntry, toEnvVariables } from '@/lib/containers/env';

describe('environment entries', () => {
  it('splits at the first = only, so a value may contain more', () => {
    expect(splitEnvEntry('DSN=postgres://u:p@db/x?sslmode=require')).toEqual({
      name: 'DSN',
      value: 'postgres://u:p@db/x?sslmode=require',
    });
    expect(splitEnvEntry('EMPTY=')).toEqual({ name: 'EMPTY', value: '' });
    expect(splitEnvEntry('BARE')).toEqual({ name: 'BARE', value: '' });
  });

  it('masks the value and keeps the name', () => {
    expect(maskEnvEntry('SECRET=hunter2')).toBe(`SECRET=${ENV_VALUE_MASK}`);
    expect(maskEnvEntry('TOKEN=a=b=c')).toBe(`TOKEN=${ENV_VALUE_MASK}`);
    expect(maskEnvEntry('TOKEN=a=b=c')).not.toContain('a=b');
  });

  it('lists variables with their values, or with null values when masked', () => {
    const entries = ['SECRET=hunter2', 'PATH=/usr/bin'];
    expect(toEnvVariables(entries, false)).toEqual([
      { name: 'SECRET', value: 'hunter2' },
      { name: 'PATH', value: '/usr/bin' },
    ]);
    expect(toEnvVariables(entries, true)).toEqual([
      { name: 'SECRET', value: null },
      { name: 'PATH', value: null },
    ]);
    expect(toEnvVariables(null, true)).toEqual([]);
  });
});
