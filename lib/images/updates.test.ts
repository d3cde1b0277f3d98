import { describe, expect, it } from 'vitest';
import { parseImageReference } from '@/lib/images/reference';
import type { ImageUpdateStatus } from '@/lib/images/types';
import {
  containerTagReference,
  decideUpdateStatus,
  defaultRegistryUrl,
  indexLocalTags,
  manifestPath,
  mergeUpdateStatuses,
  namesImageById,
  repoDigestsFor,
} from '@/lib/images/updates';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;
const C = `sha256:${'c'.repeat(64)}`;
const ID = `sha256:${'1234567890ab'.repeat(5)}1234`;

function ref(input: string) {
  const parsed = parseImageReference(input, { defaultTag: true });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.ref;
}

describe('repoDigestsFor', () => {
  it("keeps only the reference's repository, however the engine spells it", () => {
    const digests = [`busybox@${A}`, `127.0.0.1:5400/busybox@${B}`, `docker.io/library/busybox@${C}`];
    expect(repoDigestsFor(digests, ref('busybox:1.36'))).toEqual([A, C]);
    expect(repoDigestsFor(digests, ref('127.0.0.1:5400/busybox:1'))).toEqual([B]);
    expect(repoDigestsFor(digests, ref('me/busybox'))).toEqual([]);
  });

  it('lists each digest once and skips what is not a digest reference', () => {
    expect(
      repoDigestsFor([`app@${A}`, `app@${A}`, 'app:1', '<none>@<none>', `app@${B}`], ref('app')),
    ).toEqual([A, B]);
  });
});

describe('decideUpdateStatus', () => {
  const base = { reference: 'app:1', imageId: ID, checkedAt: 5 };

  it('is local without a repo digest, whatever the registry said', () => {
    expect(decideUpdateStatus({ ...base, localDigests: [], answer: { digest: A } })).toEqual({
      ...base,
      status: 'local',
      localDigest: null,
      remoteDigest: null,
      error: null,
    });
  });

  it('is current when any local digest of the repository is the registry one', () => {
    expect(decideUpdateStatus({ ...base, localDigests: [A, B], answer: { digest: B } })).toMatchObject({
      status: 'current',
      localDigest: B,
      remoteDigest: B,
      error: null,
    });
  });

  it('is available when the registry has another digest under the tag', () => {
    expect(decideUpdateStatus({ ...base, localDigests: [A], answer: { digest: C } })).toMatchObject({
      status: 'available',
      localDigest: A,
      remoteDigest: C,
    });
  });

  it('is unknown with the reason when the registry did not answer a digest', () => {
    expect(
      decideUpdateStatus({ ...base, localDigests: [A], answer: { error: 'answered 401 Unauthorized' } }),
    ).toMatchObject({
      status: 'unknown',
      localDigest: A,
      remoteDigest: null,
      error: 'answered 401 Unauthorized',
    });
    expect(decideUpdateStatus({ ...base, localDigests: [A], answer: null })).toMatchObject({
      status: 'unknown',
      error: expect.stringMatching(/not asked/),
    });
  });
});

describe('containerTagReference', () => {
  it('reads the tag a container names, with latest when none is written', () => {
    expect(containerTagReference('busybox', ID)?.full).toBe('docker.io/library/busybox:latest');
    expect(containerTagReference('127.0.0.1:5400/app:1', ID)?.familiar).toBe('127.0.0.1:5400/app:1');
  });

  it('has no tag for an image id (full or short) nor a digest-pinned reference', () => {
    expect(containerTagReference(ID, ID)).toBeNull();
    expect(containerTagReference(ID.slice(7, 19), ID)).toBeNull();
    expect(containerTagReference(`app@${A}`, ID)).toBeNull();
    expect(containerTagReference(`app:1@${A}`, ID)).toBeNull();
    expect(containerTagReference('Not A Ref', ID)).toBeNull();
  });

  it('tells an id from a name that merely looks hexadecimal', () => {
    expect(namesImageById(ID.slice(7, 19), ID)).toBe(true);
    expect(namesImageById('abcdefabcdef', ID)).toBe(false);
    expect(namesImageById('busybox', ID)).toBe(false);
  });
});

describe('registry addresses', () => {
  it('asks Docker Hub at its API host, loopback over http, other hosts over https', () => {
    expect(defaultRegistryUrl('docker.io')).toBe('https://registry-1.docker.io');
    expect(defaultRegistryUrl('127.0.0.1:5400')).toBe('http://127.0.0.1:5400');
    expect(defaultRegistryUrl('localhost:5000')).toBe('http://localhost:5000');
    expect(defaultRegistryUrl('[::1]:5000')).toBe('http://[::1]:5000');
    expect(defaultRegistryUrl('ghcr.io')).toBe('https://ghcr.io');
  });

  it('puts official images under library/ in the manifest path', () => {
    expect(manifestPath(ref('busybox'))).toBe('/v2/library/busybox/manifests/latest');
    expect(manifestPath(ref('127.0.0.1:5400/team/app:v2'))).toBe('/v2/team/app/manifests/v2');
  });
});

describe('indexLocalTags', () => {
  it('finds a tag by its full reference and skips <none>', () => {
    const index = indexLocalTags([
      { Id: ID, RepoTags: ['busybox:latest', '127.0.0.1:5400/app:1'], RepoDigests: [`busybox@${A}`] },
      { Id: 'sha256:other', RepoTags: ['<none>:<none>'], RepoDigests: null },
      { Id: 'sha256:none', RepoTags: null },
    ]);
    expect([...index.keys()]).toEqual(['docker.io/library/busybox:latest', '127.0.0.1:5400/app:1']);
    expect(index.get('docker.io/library/busybox:latest')).toEqual({
      reference: 'busybox:latest',
      imageId: ID,
      repoDigests: [`busybox@${A}`],
    });
  });
});

describe('mergeUpdateStatuses', () => {
  const s = (reference: string, checkedAt: number): ImageUpdateStatus => ({
    reference,
    imageId: ID,
    status: 'current',
    localDigest: A,
    remoteDigest: A,
    error: null,
    checkedAt,
  });

  it('replaces by reference and keeps the rest, sorted', () => {
    expect(mergeUpdateStatuses([s('b:1', 1), s('a:1', 1)], [s('b:1', 2), s('c:1', 2)])).toEqual([
      s('a:1', 1),
      s('b:1', 2),
      s('c:1', 2),
    ]);
  });
});
