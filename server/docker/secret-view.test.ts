import { describe, expect, it } from 'vitest';
import { ENV_VALUE_MASK } from '@/lib/containers/env';
import { maskVolumeDetail, maskVolumeOptions } from '@/server/docker/secret-view';

describe('maskVolumeOptions', () => {
  it('masks the secret parts of a mount `o` option and keeps the rest readable', () => {
    expect(
      maskVolumeOptions({
        type: 'cifs',
        device: '//nas/share',
        o: 'addr=10.0.0.5,username=backup,password=s3cret,vers=3.0',
      }),
    ).toEqual({
      type: 'cifs',
      device: '//nas/share',
      o: `addr=10.0.0.5,username=backup,password=${ENV_VALUE_MASK},vers=3.0`,
    });
  });

  it('masks whole options whose key looks secret, and leaves harmless ones alone', () => {
    expect(
      maskVolumeOptions({ 'api-token': 'abc', secretKey: 'x', size: '1g', o: 'size=1m,uid=1000' }),
    ).toEqual({ 'api-token': ENV_VALUE_MASK, secretKey: ENV_VALUE_MASK, size: '1g', o: 'size=1m,uid=1000' });
  });

  it('masks the raw inspect JSON as well as the mapped options', () => {
    const masked = maskVolumeDetail({
      name: 'v',
      driver: 'local',
      mountpoint: '/x',
      scope: 'local',
      created: null,
      labels: {},
      options: { o: 'password=p' },
      anonymous: false,
      containers: [],
      status: null,
      raw: { Name: 'v', Options: { o: 'password=p' } },
    });
    expect(JSON.stringify(masked)).not.toContain('password=p');
    expect(masked.options.o).toBe(`password=${ENV_VALUE_MASK}`);
  });
});
