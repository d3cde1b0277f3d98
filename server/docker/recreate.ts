import type Docker from 'dockerode';
import { type ContainerForm, containerFormSchema, InvalidSpecError } from '@/lib/containers/form';
import {
  type DaemonDefaults,
  type ImageConfigLike,
  type InspectLike,
  settingsFromInspect,
} from '@/lib/containers/from-inspect';
import { asideName, carryAnonymousVolumes, recreateCommands } from '@/lib/containers/recreate-plan';
import type { ContainerSettings, RecreateResult } from '@/lib/containers/types';
import { contextValue } from '@/server/context';
import { currentEnvironment, docker, sharedEngineWork } from '@/server/docker/client';
import { toCreateOptions } from '@/server/docker/container-create';
import { HttpError, toHttpError } from '@/server/http/errors';
import { parseWith } from '@/server/http/route';

/**
 * Change what runs (issue 15): a container's settings read back into the create form, and a recreate under the
 * same name that keeps the old container (stopped, renamed aside) until the new one runs, and puts it back
 * otherwise. Every engine call goes through docker() and its deadlines (server/docker/deadline.ts).
 */

/** How long a new container must keep running, when the old one ran, to count as started. */
const SETTLE_MS = 1000;

async function daemonDefaults(): Promise<DaemonDefaults> {
  const info = (await docker().info()) as {
    LoggingDriver?: string;
    DefaultRuntime?: string;
    CgroupVersion?: string;
  };
  return {
    ...(info.LoggingDriver ? { loggingDriver: info.LoggingDriver } : {}),
    ...(info.DefaultRuntime ? { defaultRuntime: info.DefaultRuntime } : {}),
    ...(info.CgroupVersion ? { cgroupVersion: info.CgroupVersion } : {}),
  };
}

async function imageConfig(imageId: string): Promise<ImageConfigLike | null> {
  try {
    const image = await docker().getImage(imageId).inspect();
    return (image.Config as ImageConfigLike | undefined) ?? {};
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return null;
    throw err;
  }
}

function toSettings(
  info: Docker.ContainerInspectInfo,
  image: ImageConfigLike | null,
  daemon: DaemonDefaults,
) {
  const read = settingsFromInspect(info as unknown as InspectLike, image, daemon);
  const settings: ContainerSettings = {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    image: info.Config.Image,
    imageId: info.Image,
    running: info.State.Running,
    form: read.form,
    extraNetworks: read.extraNetworks,
    notes: read.notes,
  };
  return settings;
}

/** GET …/settings: what `docker run` would make this container again. */
export async function containerSettings(id: string): Promise<ContainerSettings> {
  const info = await docker().getContainer(id).inspect();
  const [image, daemon] = await Promise.all([imageConfig(info.Image), daemonDefaults()]);
  return toSettings(info, image, daemon);
}

export interface RecreateInput {
  /** Validated; absent: the container's own settings. */
  form?: ContainerForm;
  pull?: boolean;
}

export interface RecreateHooks {
  /** Sees the exact Engine create body before anything is touched (the security policy hooks in there). */
  vet?: (body: Docker.ContainerCreateOptions) => void | Promise<void>;
  /** Pulls the image reference (with the caller's stored credentials); throws on failure. */
  pullImage?: (reference: string) => Promise<void>;
  /** The CLI steps about to run, once the plan is made (for the audit log, also when a step fails). */
  onPlan?: (commands: string[]) => void;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** start-when-running and stop-when-stopped answer 304, which the CLI treats as done. */
async function ignoreNotModified(work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 304) throw err;
  }
}

/** One recreate per container at a time: held under its id and its name. */
function holdContainer(names: string[]): () => void {
  const busy = contextValue('containersRecreating', () => new Set<string>());
  // Per engine: the same name on two environments is two containers.
  const env = currentEnvironment();
  const keys = names.map((name) => `${env}/${name}`);
  if (keys.some((key) => busy.has(key)))
    throw new HttpError(
      409,
      'conflict',
      `${names[1] ?? names[0]} is already being recreated: wait for it to finish`,
    );
  for (const key of keys) busy.add(key);
  return () => {
    for (const key of keys) busy.delete(key);
  };
}

/** The volumes a container gets through --volumes-from (they come again the same way). */
async function inheritedVolumes(volumesFrom: readonly string[] | null | undefined): Promise<Set<string>> {
  const names = new Set<string>();
  for (const spec of volumesFrom ?? []) {
    const source = spec.split(':')[0] ?? '';
    const peer = await docker()
      .getContainer(source)
      .inspect()
      .catch(() => null);
    for (const mount of peer?.Mounts ?? []) if (mount.Name) names.add(mount.Name);
  }
  return names;
}

/**
 * Replaces container `id` under its name. The old container stays (stopped, renamed aside) until the new one is
 * created, connected and (when it should run) running; any failure after that point removes the new one and
 * puts the old one back as it was. Refusals (bad form, policy, pull) come before anything is touched.
 */
export async function recreateContainer(
  id: string,
  input: RecreateInput,
  hooks: RecreateHooks = {},
): Promise<RecreateResult> {
  const old = await docker().getContainer(id).inspect();
  const name = old.Name.replace(/^\//, '');
  const release = holdContainer([`id:${old.Id}`, name]);
  try {
    const [image, daemon] = await Promise.all([imageConfig(old.Image), daemonDefaults()]);
    const settings = toSettings(old, image, daemon);
    const wasRunning = old.State.Running;
    if (input.form?.name !== undefined && input.form.name.replace(/^\//, '') !== name)
      throw new HttpError(
        400,
        'bad_request',
        `A recreate keeps the name ${name}: to make a copy under another name, create a new container (duplicate)`,
        [{ path: 'body.form.name', message: `Must be ${name} (or left out)` }],
      );
    if (old.HostConfig.AutoRemove && wasRunning)
      throw new HttpError(
        409,
        'conflict',
        `${name} was started with --rm: the engine removes it when it stops, so it cannot be kept for a rollback. Stop it (it is removed) and create it again instead`,
      );
    // Without a form: the container's own settings, as GET …/settings reads them (start: whether it runs).
    const form: ContainerForm = input.form ?? parseWith(containerFormSchema, settings.form, 'settings');
    const inherited = await inheritedVolumes(old.HostConfig.VolumesFrom);
    const carried = carryAnonymousVolumes({ ...form, name }, old.Mounts, inherited);
    const finalForm = parseWith(containerFormSchema, carried.form, 'body.form');
    let body: Docker.ContainerCreateOptions;
    try {
      body = toCreateOptions(finalForm);
    } catch (err) {
      if (err instanceof InvalidSpecError) throw new HttpError(400, 'bad_request', err.message);
      throw err;
    }

    // Connected again, except the one the form's network now names.
    const primary = !finalForm.network || finalForm.network === 'default' ? 'bridge' : finalForm.network;
    const extraNetworks = settings.extraNetworks.filter((network) => network.name !== primary);
    const start = finalForm.start;
    const commands = recreateCommands({
      name,
      id: old.Id,
      running: wasRunning,
      pull: input.pull === true,
      form: carried.form,
      extraNetworks,
    });
    hooks.onPlan?.(commands);
    // The policy judges the exact body, before anything is touched (the plan is audited either way).
    await hooks.vet?.(body);
    const warnings: string[] = [
      ...carried.carried.map(
        ({ volume, target }) =>
          `The anonymous volume ${volume.slice(0, 12)} at ${target} is kept: the new container mounts it by name (-v ${volume}:${target})`,
      ),
      ...carried.left.map(
        ({ volume, target }) =>
          `The anonymous volume ${volume.slice(0, 12)} that was at ${target} is no longer mounted (the form mounts something else there); it stays on the engine`,
      ),
    ];

    if (input.pull) {
      if (!hooks.pullImage) throw new HttpError(500, 'internal', 'No way to pull here');
      await hooks.pullImage(finalForm.image);
    }

    // From here the engine changes: finished even if the client goes away (a half-done recreate is worse).
    return await sharedEngineWork(() =>
      replace({ old, name, body, start, wasRunning, extraNetworks, commands, warnings }),
    );
  } finally {
    release();
  }
}

interface Replacement {
  old: Docker.ContainerInspectInfo;
  name: string;
  body: Docker.ContainerCreateOptions;
  start: boolean;
  wasRunning: boolean;
  extraNetworks: ContainerSettings['extraNetworks'];
  commands: string[];
  warnings: string[];
}

async function replace(plan: Replacement): Promise<RecreateResult> {
  const { old, name, body, start, wasRunning } = plan;
  const oldContainer = docker().getContainer(old.Id);
  const aside = asideName(name, old.Id);
  let stopped = false;
  let renamed = false;
  let createdId: string | null = null;
  try {
    if (wasRunning) {
      await ignoreNotModified(oldContainer.stop());
      stopped = true;
    }
    await oldContainer.rename({ name: aside });
    renamed = true;
    const created = await docker().createContainer(body);
    createdId = created.id;
    for (const network of plan.extraNetworks) {
      const ipam = {
        ...(network.ipv4 ? { IPv4Address: network.ipv4 } : {}),
        ...(network.ipv6 ? { IPv6Address: network.ipv6 } : {}),
      };
      await docker()
        .getNetwork(network.name)
        .connect({
          Container: created.id,
          EndpointConfig: {
            ...(network.aliases.length ? { Aliases: network.aliases } : {}),
            ...(Object.keys(ipam).length ? { IPAMConfig: ipam } : {}),
          },
        });
    }
    if (start) {
      await ignoreNotModified(created.start());
      if (wasRunning) {
        // One that exits at once (a bad command, a missing file) is a failed recreate of a running container.
        await wait(SETTLE_MS);
        const state = (await created.inspect()).State;
        if (!state.Running || state.Restarting)
          throw new HttpError(
            500,
            'engine_error',
            `The new container stopped right after it started (exit code ${state.ExitCode}${state.Error ? `: ${state.Error}` : ''})`,
          );
      }
    }
  } catch (err) {
    const cause = toHttpError(err);
    const restored = await rollback({ oldContainer, name, createdId, renamed, stopped });
    throw new HttpError(
      cause.status,
      cause.code,
      restored === null
        ? `${cause.message}; ${renamed || stopped ? 'the old container was restored' : 'nothing was changed'}`
        : `${cause.message}; the old container could not be restored (${restored}): it is ${renamed ? aside : name}`,
      cause.fields,
    );
  }

  const warnings = [...plan.warnings];
  try {
    // Without -v: named and anonymous volumes stay (the new container mounts the anonymous ones).
    await oldContainer.remove({ v: false });
  } catch (err) {
    warnings.push(`The old container stays as ${aside}: ${toHttpError(err).message}`);
  }
  const info = await docker().getContainer(createdId).inspect();
  return {
    id: createdId,
    name,
    previousId: old.Id,
    imageId: info.Image,
    started: info.State.Running,
    commands: plan.commands,
    warnings,
  };
}

/** Puts the old container back as it was; null when it worked, else what failed. */
async function rollback(state: {
  oldContainer: Docker.Container;
  name: string;
  createdId: string | null;
  renamed: boolean;
  stopped: boolean;
}): Promise<string | null> {
  const problems: string[] = [];
  const step = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (err) {
      problems.push(`${what}: ${toHttpError(err).message}`);
    }
  };
  const createdId = state.createdId;
  if (createdId)
    await step('remove the new container', () =>
      docker().getContainer(createdId).remove({ force: true, v: true }),
    );
  if (state.renamed) await step('rename it back', () => state.oldContainer.rename({ name: state.name }));
  if (state.stopped) await step('start it again', () => ignoreNotModified(state.oldContainer.start()));
  return problems.length ? problems.join('; ') : null;
}
