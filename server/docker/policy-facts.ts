import { docker } from '@/server/docker/client';
import {
  type EngineFacts,
  type PolicyReferences,
  policyReferences,
  type ReferencedContainer,
  type ReferencedVolume,
} from '@/server/security/policy';

/** Rounds of following references (X joins Y, which mounts Z): the policy refuses deeper chains anyway. */
const MAX_ROUNDS = 6;
const MAX_OBJECTS = 64;

function isNotFound(err: unknown): boolean {
  return (err as { statusCode?: number })?.statusCode === 404;
}

async function inspectReferencedContainer(ref: string): Promise<ReferencedContainer | undefined> {
  try {
    const info = await docker().getContainer(ref).inspect();
    return { name: info.Name.replace(/^\//, ''), hostConfig: info.HostConfig, mounts: info.Mounts };
  } catch (err) {
    if (isNotFound(err)) return undefined; // left unknown: the policy refuses it as uncheckable
    throw err;
  }
}

async function inspectReferencedVolume(name: string): Promise<ReferencedVolume | null> {
  try {
    const info = (await docker().getVolume(name).inspect()) as { Driver?: string; Options?: unknown };
    return { driver: info.Driver ?? '', options: info.Options ?? null };
  } catch (err) {
    if (isNotFound(err)) return null; // the engine will create an empty local volume of that name
    throw err;
  }
}

/**
 * The engine's facts about what a create body refers to, followed transitively: the containers it joins or
 * takes volumes from, the containers and volumes those refer to, and every named volume mounted on the way.
 */
export async function readPolicyFacts(refs: PolicyReferences): Promise<EngineFacts> {
  const containers = new Map<string, ReferencedContainer | undefined>();
  const volumes = new Map<string, ReferencedVolume | null>();
  let pending = refs;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const newContainers = pending.containers.filter((ref) => !containers.has(ref));
    const newVolumes = pending.volumes.filter((name) => !volumes.has(name));
    if (newContainers.length === 0 && newVolumes.length === 0) break;
    if (containers.size + volumes.size + newContainers.length + newVolumes.length > MAX_OBJECTS) break;
    const [foundContainers, foundVolumes] = await Promise.all([
      Promise.all(newContainers.map(inspectReferencedContainer)),
      Promise.all(newVolumes.map(inspectReferencedVolume)),
    ]);
    for (const [i, ref] of newContainers.entries()) containers.set(ref, foundContainers[i]);
    for (const [i, name] of newVolumes.entries()) volumes.set(name, foundVolumes[i] ?? null);
    const next: PolicyReferences = { containers: [], volumes: [] };
    for (const found of foundContainers) {
      if (!found) continue;
      const inner = policyReferences({ HostConfig: found.hostConfig });
      next.containers.push(...inner.containers);
      next.volumes.push(...inner.volumes);
      if (Array.isArray(found.mounts)) {
        for (const mount of found.mounts as { Type?: string; Name?: string }[])
          if (mount.Type === 'volume' && mount.Name) next.volumes.push(mount.Name);
      }
    }
    pending = next;
  }
  return {
    container: (ref) => containers.get(ref),
    volume: (name) => (volumes.has(name) ? (volumes.get(name) ?? null) : undefined),
  };
}
