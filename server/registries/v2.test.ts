import { afterEach, describe, expect, it, vi } from 'vitest';
import { listRepositories, listTags, manifestSize, nextLink, parseChallenge } from '@/server/registries/v2';

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

describe('registry v2 answers', () => {
  const target = { url: 'http://registry.test:5000', host: 'registry.test:5000' };
  /** A registry that answers each path with the body given for it. */
  function registry(bodies: Record<string, unknown>) {
    vi.stubGlobal('fetch', async (url: string) => {
      const path = new URL(url).pathname;
      const body = bodies[path];
      if (body === undefined) return new Response('{"errors":[{"code":"NAME_UNKNOWN"}]}', { status: 404 });
      return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
        headers: { 'docker-content-digest': `sha256:${'a'.repeat(64)}` },
      });
    });
  }
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('reads the catalog and tags, ignoring fields it does not know', async () => {
    registry({
      '/v2/_catalog': { repositories: ['b', 'a'], extra: true },
      '/v2/app/tags/list': { name: 'app', tags: ['2', '1'] },
      '/v2/app/manifests/1': { mediaType: 'm', config: { size: 1 }, layers: [{ size: 2 }] },
      // A size that is not a number: the manifest is not read, the tag is still listed.
      '/v2/app/manifests/2': { config: { size: 'big' }, layers: [] },
    });
    expect(await listRepositories(target)).toEqual(['a', 'b']);
    const tags = await listTags(target, 'app');
    expect(tags.map((t) => [t.tag, t.size])).toEqual([
      ['1', 3],
      ['2', null],
    ]);
    expect(tags[0]?.mediaType).toBe('m');
  });

  it('answers 502 when a catalog or tag list is not the registry API shape', async () => {
    registry({ '/v2/_catalog': { repositories: 'a,b' }, '/v2/app/tags/list': 'not json' });
    await expect(listRepositories(target)).rejects.toMatchObject({ status: 502 });
    await expect(listTags(target, 'app')).rejects.toMatchObject({
      status: 502,
      message: 'Registry registry.test:5000 answered the tags of app in an unexpected form',
    });
  });

  it('says what the registry said when it refuses', async () => {
    registry({});
    await expect(listTags(target, 'gone')).rejects.toMatchObject({ status: 404, message: /NAME_UNKNOWN/ });
  });
});
