import { describe, expect, it } from 'vitest';
import { manifestSize, nextLink, parseChallenge } from '@/server/registries/v2';

describe('registry v2 helpers', () => {
  it('reads a Bearer challenge with quoted values holding commas', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://auth.example/token',
        service: 'registry.example',
        scope: 'repository:a/b:pull,push',
      },
    });
    expect(parseChallenge('Basic realm="berth-test"')).toEqual({
      scheme: 'basic',
      params: { realm: 'berth-test' },
    });
    expect(parseChallenge(null)).toBeNull();
  });

  it('sizes an image manifest as config plus layers and leaves an index unsized', () => {
    expect(manifestSize({ config: { size: 10 }, layers: [{ size: 100 }, { size: 5 }] })).toBe(115);
    expect(manifestSize({ manifests: [{ size: 500 }] })).toBeNull();
  });

  it('follows the catalog pagination link', () => {
    expect(nextLink('</v2/_catalog?last=b&n=2>; rel="next"')).toBe('/v2/_catalog?last=b&n=2');
    expect(nextLink(null)).toBeNull();
  });
});
