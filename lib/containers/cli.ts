// The quoting half only: the package's index also brings its parser, which the browser rarely needs.
import quote from 'shell-quote/quote.js';
import type { ContainerFormInput } from '@/lib/containers/form';

/** Shell words as a user would type them: plain when safe, otherwise single-quoted (shell-quote's when needed). */
export function shellJoin(words: readonly string[]): string {
  return words
    .map((word) => {
      if (/^[\w@%+=:,./-]+$/.test(word)) return word;
      // shell-quote escapes `[::1]:80` as `\[\:\:1\]\:80`; single quotes read better and are as safe.
      if (word !== '' && !word.includes("'")) return `'${word}'`;
      return quote([word]);
    })
    .join(' ');
}

/**
 * The `docker run` (or `docker create`, when not started) equivalent of a create form. Started containers
 * always get `-d`: the console never attaches, and `-dit` is the usual way to keep a shell container up.
 * Never throws, so it can render a form while it is being typed.
 */
export function renderRunCommand(form: ContainerFormInput): string {
  const started = form.start !== false;
  const words = ['docker', started ? 'run' : 'create'];
  const cluster = `${started ? 'd' : ''}${form.interactive ? 'i' : ''}${form.tty ? 't' : ''}`;
  if (cluster) words.push(`-${cluster}`);
  const flag = (name: string, value: string | undefined) => {
    if (value) words.push(name, value);
  };
  const each = (name: string, values: readonly string[] | undefined) => {
    for (const value of values ?? []) words.push(name, value);
  };
  flag('--name', form.name);
  each('-p', form.ports);
  if (form.publishAll) words.push('-P');
  each('-e', form.env);
  each('-v', form.volumes);
  flag('--network', form.network);
  flag('--restart', form.restart);
  flag('--memory', form.memory);
  flag('--cpus', form.cpus);
  each('--label', form.labels);
  flag('--workdir', form.workingDir);
  flag('--user', form.user);
  flag('--hostname', form.hostname);
  if (form.privileged) words.push('--privileged');
  if (form.autoRemove) words.push('--rm');
  // The rest of `docker run` (issue 15), in the order of `docker run --help`'s groups.
  if (form.start === false) each('-a', form.attach);
  each('--mount', form.mounts);
  each('--tmpfs', form.tmpfs);
  each('--expose', form.expose);
  each('--cap-add', form.capAdd);
  each('--cap-drop', form.capDrop);
  each('--device', form.devices);
  each('--device-cgroup-rule', form.deviceCgroupRules);
  each('--add-host', form.addHosts);
  each('--dns', form.dns);
  each('--dns-search', form.dnsSearch);
  each('--dns-option', form.dnsOptions);
  each('--ulimit', form.ulimits);
  if (form.noHealthcheck) words.push('--no-healthcheck');
  // An empty --health-cmd is "no command", so it is rendered even when empty.
  if (form.healthCmd !== undefined && form.healthCmd !== '') words.push('--health-cmd', form.healthCmd);
  flag('--health-interval', form.healthInterval);
  flag('--health-timeout', form.healthTimeout);
  flag('--health-start-period', form.healthStartPeriod);
  flag('--health-retries', form.healthRetries);
  flag('--log-driver', form.logDriver);
  each('--log-opt', form.logOpts);
  if (form.init === true) words.push('--init');
  else if (form.init === false) words.push('--init=false');
  if (form.readOnly) words.push('--read-only');
  flag('--stop-signal', form.stopSignal);
  flag('--stop-timeout', form.stopTimeout);
  flag('--shm-size', form.shmSize);
  flag('--pid', form.pid);
  flag('--ipc', form.ipc);
  flag('--uts', form.uts);
  flag('--userns', form.userns);
  flag('--cgroupns', form.cgroupns);
  flag('--cgroup-parent', form.cgroupParent);
  each('--security-opt', form.securityOpts);
  each('--sysctl', form.sysctls);
  each('--storage-opt', form.storageOpts);
  each('--group-add', form.groupAdd);
  flag('--memory-reservation', form.memoryReservation);
  flag('--memory-swap', form.memorySwap);
  flag('--memory-swappiness', form.memorySwappiness);
  if (form.oomKillDisable) words.push('--oom-kill-disable');
  flag('--oom-score-adj', form.oomScoreAdj);
  flag('--cpu-shares', form.cpuShares);
  flag('--cpuset-cpus', form.cpusetCpus);
  flag('--cpuset-mems', form.cpusetMems);
  flag('--cpu-period', form.cpuPeriod);
  flag('--cpu-quota', form.cpuQuota);
  flag('--cpu-rt-period', form.cpuRtPeriod);
  flag('--cpu-rt-runtime', form.cpuRtRuntime);
  flag('--blkio-weight', form.blkioWeight);
  each('--blkio-weight-device', form.blkioWeightDevices);
  each('--device-read-bps', form.deviceReadBps);
  each('--device-write-bps', form.deviceWriteBps);
  each('--device-read-iops', form.deviceReadIops);
  each('--device-write-iops', form.deviceWriteIops);
  flag('--pids-limit', form.pidsLimit);
  flag('--platform', form.platform);
  flag('--pull', form.pull);
  each('--network-alias', form.networkAliases);
  flag('--ip', form.ip);
  flag('--ip6', form.ip6);
  each('--link-local-ip', form.linkLocalIps);
  flag('--mac-address', form.macAddress);
  each('--link', form.links);
  each('--volumes-from', form.volumesFrom);
  flag('--volume-driver', form.volumeDriver);
  flag('--domainname', form.domainname);
  flag('--runtime', form.runtime);
  // --entrypoint takes one word; the rest of a longer entrypoint runs the same way placed before the command.
  const [entrypoint, ...entrypointArgs] = form.entrypoint ?? [];
  if (entrypoint !== undefined) words.push('--entrypoint', entrypoint);
  words.push(form.image, ...entrypointArgs, ...(form.command ?? []));
  return shellJoin(words);
}

/** Actions that take any number of containers (`docker stop a b c`). */
interface Targets {
  targets: readonly string[];
}
/** Actions on exactly one container: `target`, or a one-element `targets`. */
type Target = { target: string; targets?: never } | { targets: readonly [string]; target?: never };

export type ContainerCommand =
  | ({ action: 'start' | 'pause' | 'unpause' | 'inspect' } & Targets)
  /** `timeout`: seconds before the engine kills it. */
  | ({ action: 'stop' | 'restart'; timeout?: number } & Targets)
  /** `signal`: defaults to SIGKILL. */
  | ({ action: 'kill'; signal?: string } & Targets)
  /** `volumes`: also remove its anonymous volumes. */
  | ({ action: 'remove'; force?: boolean; volumes?: boolean } & Targets)
  | ({ action: 'rename'; newName: string } & Target)
  /** `docker update`: each value in the CLI's syntax. */
  | ({
      action: 'update';
      restart?: string;
      memory?: string;
      memorySwap?: string;
      cpus?: string;
      pidsLimit?: number;
    } & Targets)
  /** `repository`: `repo[:tag]`; `changes`: Dockerfile instructions; `pause: false` commits without pausing. */
  | ({
      action: 'commit';
      repository?: string;
      author?: string;
      message?: string;
      changes?: readonly string[];
      pause?: boolean;
    } & Target)
  | ({ action: 'top' | 'diff' } & Target)
  | ({
      action: 'logs';
      tail?: number | 'all';
      timestamps?: boolean;
      follow?: boolean;
      /** RFC 3339 times, as `docker logs --since/--until` take them. */
      since?: string;
      until?: string;
    } & Target)
  /** `output`: the tar file to write. */
  | ({ action: 'export'; output?: string } & Target)
  /** Copies `path` in the container to `destination` (default `./`). */
  | ({ action: 'cp-from'; path: string; destination?: string } & Target)
  /** Copies the local `source` into the container directory `path`. */
  | ({ action: 'cp-to'; source: string; path: string } & Target);

export type ContainerCommandAction = ContainerCommand['action'];

const DEFAULT_KILL_SIGNALS = ['KILL', 'SIGKILL', '9'];

/** The docker CLI command equivalent to an action the console performs. */
export function renderContainerCommand(command: ContainerCommand): string {
  const one =
    'target' in command && command.target !== undefined ? command.target : (command.targets?.[0] ?? '');
  const words = ((): string[] => {
    switch (command.action) {
      case 'start':
      case 'pause':
      case 'unpause':
      case 'inspect':
        return [command.action, ...command.targets];
      case 'stop':
      case 'restart':
        return [
          command.action,
          ...(command.timeout === undefined ? [] : ['-t', String(command.timeout)]),
          ...command.targets,
        ];
      case 'kill': {
        const signal = command.signal?.toUpperCase();
        return [
          'kill',
          ...(signal && !DEFAULT_KILL_SIGNALS.includes(signal) ? ['-s', signal] : []),
          ...command.targets,
        ];
      }
      case 'remove':
        return [
          'rm',
          ...(command.force ? ['-f'] : []),
          ...(command.volumes ? ['-v'] : []),
          ...command.targets,
        ];
      case 'rename':
        return ['rename', one, command.newName];
      case 'update':
        return [
          'update',
          ...(command.restart ? ['--restart', command.restart] : []),
          ...(command.memory ? ['--memory', command.memory] : []),
          ...(command.memorySwap ? ['--memory-swap', command.memorySwap] : []),
          ...(command.cpus ? ['--cpus', command.cpus] : []),
          ...(command.pidsLimit === undefined ? [] : ['--pids-limit', String(command.pidsLimit)]),
          ...command.targets,
        ];
      case 'commit':
        return [
          'commit',
          ...(command.author ? ['-a', command.author] : []),
          ...(command.message ? ['-m', command.message] : []),
          ...(command.changes ?? []).flatMap((change) => ['-c', change]),
          ...(command.pause === false ? ['--pause=false'] : []),
          one,
          ...(command.repository ? [command.repository] : []),
        ];
      case 'top':
      case 'diff':
        return [command.action, one];
      case 'logs':
        return [
          'logs',
          ...(command.follow ? ['-f'] : []),
          ...(command.tail === undefined ? [] : ['--tail', String(command.tail)]),
          ...(command.since ? ['--since', command.since] : []),
          ...(command.until ? ['--until', command.until] : []),
          ...(command.timestamps ? ['-t'] : []),
          one,
        ];
      case 'export':
        return ['export', ...(command.output ? ['-o', command.output] : []), one];
      case 'cp-from':
        return ['cp', `${one}:${command.path}`, command.destination || './'];
      case 'cp-to':
        return ['cp', command.source, `${one}:${command.path}`];
    }
  })();
  return shellJoin(['docker', ...words]);
}
