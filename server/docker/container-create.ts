import type { ContainerCreateOptions, HostConfig, PortBinding } from 'dockerode';
import {
  type ContainerForm,
  parseCpus,
  parseKeyValue,
  parseMemory,
  parsePortSpec,
  parseRestart,
  parseVolumeSpec,
} from '@/lib/containers/form';

/**
 * The engine's create body for a validated form, field for field what the docker CLI sends for the
 * equivalent `docker run` (see renderRunCommand). Throws InvalidSpecError on values the schema would reject.
 */
export function toCreateOptions(form: ContainerForm): ContainerCreateOptions {
  const options: ContainerCreateOptions = { Image: form.image };
  const host: HostConfig = {};

  if (form.name) options.name = form.name;
  if (form.command?.length) options.Cmd = form.command;
  if (form.entrypoint) options.Entrypoint = form.entrypoint;
  if (form.env?.length) options.Env = form.env;
  if (form.labels?.length) {
    options.Labels = Object.fromEntries(
      form.labels.map((label) => {
        const { key, value } = parseKeyValue(label);
        return [key, value];
      }),
    );
  }
  if (form.workingDir) options.WorkingDir = form.workingDir;
  if (form.user) options.User = form.user;
  if (form.hostname) options.Hostname = form.hostname;
  if (form.tty) options.Tty = true;
  if (form.interactive) {
    options.OpenStdin = true;
    options.AttachStdin = true;
  }

  if (form.ports?.length) {
    const exposed: Record<string, object> = {};
    const bindings: Record<string, PortBinding[]> = {};
    for (const spec of form.ports) {
      const { hostIp = '', hostPorts, containerPorts, protocol } = parsePortSpec(spec);
      const count = containerPorts.end - containerPorts.start;
      for (let i = 0; i <= count; i++) {
        const key = `${containerPorts.start + i}/${protocol}`;
        // '' asks the engine for an ephemeral port; a host range for one container port means "any free one in it".
        let hostPort = '';
        if (hostPorts && count > 0) hostPort = String(hostPorts.start + i);
        else if (hostPorts) {
          hostPort =
            hostPorts.start === hostPorts.end
              ? String(hostPorts.start)
              : `${hostPorts.start}-${hostPorts.end}`;
        }
        exposed[key] = {};
        bindings[key] = [...(bindings[key] ?? []), { HostIp: hostIp, HostPort: hostPort }];
      }
    }
    options.ExposedPorts = exposed;
    host.PortBindings = bindings;
  }
  if (form.publishAll) host.PublishAllPorts = true;

  for (const spec of form.volumes ?? []) {
    // Like the CLI: anonymous volumes (which take no options) go in Volumes, the rest in Binds.
    if (parseVolumeSpec(spec).kind === 'anonymous') options.Volumes = { ...options.Volumes, [spec]: {} };
    else host.Binds = [...(host.Binds ?? []), spec];
  }

  if (form.network) host.NetworkMode = form.network;
  if (form.restart) {
    const policy = parseRestart(form.restart);
    host.RestartPolicy = { Name: policy.name, MaximumRetryCount: policy.maximumRetryCount };
  }
  if (form.memory) host.Memory = parseMemory(form.memory);
  if (form.cpus) host.NanoCpus = parseCpus(form.cpus);
  if (form.privileged) host.Privileged = true;
  if (form.autoRemove) host.AutoRemove = true;

  if (Object.keys(host).length > 0) options.HostConfig = host;
  return options;
}
