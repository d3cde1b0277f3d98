import { describe, expect, it } from 'vitest';
import { lines, volumeCreateSchema, volumePath } from '@/lib/volumes/form';

describe('volumeCreateSchema', () => {
  it('defaults to a local volume with a generated name', () => {
    expect(volumeCreateSchema.parse({})).toEqual({ name: '', driver: 'local', options: [], labels: [] });
    expect(volumeCreateSchema.parse({ driver: '' }).driver).toBe('local');
  });

  it('keeps driver options and labels as KEY=VALUE lines', () => {
    expect(
      volumeCreateSchema.parse({
        name: 'cache',
        driver: 'local',
        options: ['type=tmpfs', 'device=tmpfs', 'o=size=100m'],
        labels: ['team=web'],
      }),
    ).toEqual({
      name: 'cache',
      driver: 'local',
      options: ['type=tmpfs', 'device=tmpfs', 'o=size=100m'],
      labels: ['team=web'],
    });
  });

  it('names each bad field: name, driver, a malformed or repeated option or label', () => {
    const result = volumeCreateSchema.safeParse({
      name: 'a',
      driver: 'bad driver',
      options: ['type=tmpfs', 'type=nfs'],
      labels: ['novalue'],
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['name', 'driver', 'options.1', 'labels.0']));
    expect(result.error?.issues.find((i) => i.path.join('.') === 'options.1')?.message).toBe(
      '"type" is given twice',
    );
  });

  it('accepts plugin driver references', () => {
    expect(volumeCreateSchema.parse({ driver: 'vieux/sshfs:latest' }).driver).toBe('vieux/sshfs:latest');
  });

  it('refuses unknown fields', () => {
    expect(volumeCreateSchema.safeParse({ name: 'ok', mountpoint: '/etc' }).success).toBe(false);
  });
});

describe('volumePath', () => {
  it('takes absolute paths inside the volume and refuses escapes', () => {
    expect(volumePath.safeParse('/').success).toBe(true);
    expect(volumePath.safeParse('/a/b').success).toBe(true);
    expect(volumePath.safeParse('a').success).toBe(false);
    expect(volumePath.safeParse('/a/../../etc').success).toBe(false);
    expect(volumePath.safeParse('/a\0').success).toBe(false);
  });
});

describe('lines', () => {
  it('splits a textarea into trimmed non-empty lines', () => {
    expect(lines(' a=1 \n\n b=2\n')).toEqual(['a=1', 'b=2']);
  });
});
