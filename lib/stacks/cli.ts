import type { z } from 'zod';
import { shellJoin } from '@/lib/containers/cli';
import type { stackActionBody } from '@/lib/stacks/schemas';
import type { StackAction } from '@/lib/stacks/types';

export type StackActionOptions = Partial<z.output<typeof stackActionBody>>;

/**
 * The arguments of one Compose action after `-p NAME` (what Berth runs, as an argument array: never a shell
 * string). Each option maps to one Compose flag; options an action has no flag for are left out.
 */
export function stackActionArgs(action: StackAction, options: StackActionOptions = {}): string[] {
  const services = options.services ?? [];
  switch (action) {
    case 'up': {
      const args = ['up', '-d'];
      if (options.pull) args.push('--pull', 'always');
      if (options.build) args.push('--build');
      if (options.forceRecreate) args.push('--force-recreate');
      if (options.removeOrphans) args.push('--remove-orphans');
      for (const [service, n] of Object.entries(options.scale ?? {})) args.push('--scale', `${service}=${n}`);
      return [...args, ...services];
    }
    case 'down': {
      const args = ['down'];
      if (options.volumes) args.push('-v');
      if (options.removeOrphans) args.push('--remove-orphans');
      return args;
    }
    case 'stop':
    case 'start':
    case 'restart':
    case 'pull':
      return [action, ...services];
  }
}

/** Where Compose must look when it is not the stack's own folder (adopted stacks keep their project folder). */
export interface StackLocation {
  projectDir?: string;
  files?: string[];
  envFile?: string | null;
}

/** `-p NAME` and, for a stack run from another folder, `--project-directory`, `-f` and `--env-file`. */
export function stackProjectArgs(name: string, location: StackLocation = {}): string[] {
  const args = ['-p', name];
  if (location.projectDir) {
    args.push('--project-directory', location.projectDir);
    for (const file of location.files ?? []) args.push('-f', file);
    if (location.envFile) args.push('--env-file', location.envFile);
  }
  return args;
}

/** The project arguments and the action's: the argument array handed to the Compose binary. */
export function stackCommandArgs(
  name: string,
  action: StackAction,
  options: StackActionOptions = {},
  location: StackLocation = {},
): string[] {
  return [...stackProjectArgs(name, location), ...stackActionArgs(action, options)];
}

/**
 * The `docker compose …` command line of an action, as a user would type it in the stack's folder
 * (BERTH_DATA_DIR/stacks/NAME, where compose.yaml, compose.override.yaml and .env are found by default).
 */
export function renderStackCommand(
  name: string,
  action: StackAction,
  options: StackActionOptions = {},
  location: StackLocation = {},
): string {
  return shellJoin(['docker', 'compose', ...stackCommandArgs(name, action, options, location)]);
}

/** `docker compose -p NAME config` (validation and the rendered view). */
export function renderStackConfigCommand(name: string): string {
  return shellJoin(['docker', 'compose', '-p', name, 'config']);
}
