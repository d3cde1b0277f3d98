import { renderRunCommand, shellJoin } from '@/lib/containers/cli';
import type { ContainerFormInput } from '@/lib/containers/form';

/**
 * What a recreate does, as the CLI steps a user would type: pull (when asked), stop, rename the old container
 * aside, run the new one under the name, and remove the old one once the new one runs. `aside` is the name the
 * old container waits under (the server picks a unique one).
 */
export function recreateCommands(
  name: string,
  form: ContainerFormInput,
  opts: { pull?: boolean; running: boolean; aside?: string },
): string[] {
  const aside = opts.aside ?? `${name}-old`;
  return [
    ...(opts.pull ? [shellJoin(['docker', 'pull', form.image])] : []),
    ...(opts.running ? [shellJoin(['docker', 'stop', name])] : []),
    shellJoin(['docker', 'rename', name, aside]),
    renderRunCommand({ ...form, name }),
    shellJoin(['docker', 'rm', aside]),
  ];
}
