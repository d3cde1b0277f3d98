import type Docker from 'dockerode';
import type { ImageSummary } from '@/lib/images/types';
import { docker } from '@/server/docker/client';

export function toImageSummary(raw: Docker.ImageInfo): ImageSummary {
  return {
    id: raw.Id,
    tags: (raw.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
    size: raw.Size,
    created: raw.Created,
    containers: raw.Containers ?? -1,
  };
}

export async function listImages(): Promise<ImageSummary[]> {
  return (await docker().listImages({ all: false })).map(toImageSummary);
}
