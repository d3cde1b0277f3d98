import { docker } from '@/server/docker/client';
import { type EngineProject, groupProjects, LABEL, type RawContainer } from '@/server/docker/stack-view';

/** Every Compose project on the engine, from its containers' labels (stopped containers included). */
export async function listEngineProjects(): Promise<Map<string, EngineProject>> {
  const containers = (await docker().listContainers({
    all: true,
    filters: JSON.stringify({ label: [LABEL.project] }),
  })) as RawContainer[];
  return groupProjects(containers);
}

/** One project's containers, or undefined when the engine has none. */
export async function engineProject(name: string): Promise<EngineProject | undefined> {
  const containers = (await docker().listContainers({
    all: true,
    filters: JSON.stringify({ label: [`${LABEL.project}=${name}`] }),
  })) as RawContainer[];
  return groupProjects(containers).get(name);
}

/** The named volumes Compose made for a project (what `down -v` removes): labelled with its name. */
export async function projectVolumes(name: string): Promise<string[]> {
  const listed = (await docker().listVolumes({
    filters: JSON.stringify({ label: [`${LABEL.project}=${name}`] }),
  } as never)) as unknown as { Volumes?: { Name: string }[] | null };
  return (listed.Volumes ?? []).map((v) => v.Name).sort();
}
