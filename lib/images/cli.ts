import { shellJoin } from '@/lib/containers/cli';

/** The `docker` commands equivalent to what the images and registries pages do. */
export type ImageCommand =
  | { action: 'ls'; all?: boolean; filter?: 'dangling' }
  | { action: 'pull' | 'push'; reference: string }
  | { action: 'rm'; refs: readonly string[]; force?: boolean }
  | { action: 'tag'; source: string; target: string }
  | { action: 'history' | 'inspect'; ref: string }
  | { action: 'prune'; all?: boolean; labels?: readonly string[] }
  | { action: 'save'; refs: readonly string[]; output?: string }
  | { action: 'load'; input?: string }
  | { action: 'import'; file?: string; reference?: string }
  | { action: 'search'; term: string; limit?: number }
  | { action: 'login'; server: string; username?: string }
  | {
      action: 'build';
      tags?: readonly string[];
      buildArgs?: readonly string[];
      target?: string;
      noCache?: boolean;
      pull?: boolean;
      context?: string;
    };

export function renderImageCommand(cmd: ImageCommand): string {
  const words = ((): string[] => {
    switch (cmd.action) {
      case 'ls':
        return [
          'image',
          'ls',
          ...(cmd.all ? ['-a'] : []),
          ...(cmd.filter ? ['--filter', 'dangling=true'] : []),
        ];
      case 'pull':
      case 'push':
        return [cmd.action, cmd.reference];
      case 'rm':
        return ['image', 'rm', ...(cmd.force ? ['-f'] : []), ...cmd.refs];
      case 'tag':
        return ['tag', cmd.source, cmd.target];
      case 'history':
        return ['history', '--no-trunc', cmd.ref];
      case 'inspect':
        return ['image', 'inspect', cmd.ref];
      case 'prune':
        return [
          'image',
          'prune',
          ...(cmd.all ? ['-a'] : []),
          ...(cmd.labels ?? []).flatMap((l) => ['--filter', `label=${l}`]),
          '-f',
        ];
      case 'save':
        return ['save', '-o', cmd.output ?? 'images.tar', ...cmd.refs];
      case 'load':
        return ['load', '-i', cmd.input ?? 'images.tar'];
      case 'import':
        return ['import', cmd.file ?? 'rootfs.tar', ...(cmd.reference ? [cmd.reference] : [])];
      case 'search':
        return ['search', ...(cmd.limit ? ['--limit', String(cmd.limit)] : []), cmd.term];
      case 'login':
        // The password is read from stdin, never written on a command line.
        return ['login', ...(cmd.username ? ['-u', cmd.username, '--password-stdin'] : []), cmd.server];
      case 'build':
        return [
          'build',
          ...(cmd.tags ?? []).flatMap((t) => ['-t', t]),
          ...(cmd.buildArgs ?? []).flatMap((a) => ['--build-arg', a]),
          ...(cmd.target ? ['--target', cmd.target] : []),
          ...(cmd.noCache ? ['--no-cache'] : []),
          ...(cmd.pull ? ['--pull'] : []),
          cmd.context ?? '.',
        ];
    }
  })();
  return shellJoin(['docker', ...words]);
}
