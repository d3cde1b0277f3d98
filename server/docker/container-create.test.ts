import { describe, expect, it } from 'vitest';
import { parseDockerRun } from '@/lib/containers/docker-run';
import { type ContainerFormInput, containerFormSchema } from '@/lib/containers/form';
import { toCreateOptions } from '@/server/docker/container-create';

const optionsFor = (input: ContainerFormInput) => toCreateOptions(containerFormSchema.parse(input));

describe('toCreateOptions', () => {
  it('sends only the image for a minimal form', () => {
    expect(optionsFor({ image: 'nginx' })).toEqual({ Image: 'nginx' });
  });

  it('maps the config fields', () => {
    expect(
      optionsFor({
        image: 'app:1',
        name: 'app',
        command: ['serve', '--port', '80'],
        entrypoint: ['/entry.sh'],
        env: ['A=1', 'GREETING=hello world'],
        labels: ['team=web', 'url=http://x?a=b', 'flag='],
        workingDir: '/app',
        user: '1000:1000',
        hostname: 'app-1',
      }),
    ).toEqual({
      Image: 'app:1',
      name: 'app',
      Cmd: ['serve', '--port', '80'],
      Entrypoint: ['/entry.sh'],
      Env: ['A=1', 'GREETING=hello world'],
      Labels: { team: 'web', url: 'http://x?a=b', flag: '' },
      WorkingDir: '/app',
      User: '1000:1000',
      Hostname: 'app-1',
    });
  });

  it('keeps an empty entrypoint, which resets the image entrypoint', () => {
    expect(optionsFor({ image: 'alpine', entrypoint: [''] }).Entrypoint).toEqual(['']);
  });

  it('opens and attaches stdin for -i and allocates a tty for -t', () => {
    expect(optionsFor({ image: 'ubuntu', interactive: true, tty: true })).toEqual({
      Image: 'ubuntu',
      OpenStdin: true,
      AttachStdin: true,
      Tty: true,
    });
  });

  it('exposes and binds a published port, keeping the host ip', () => {
    expect(optionsFor({ image: 'nginx', ports: ['127.0.0.1:8080:80'] })).toEqual({
      Image: 'nginx',
      ExposedPorts: { '80/tcp': {} },
      HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] } },
    });
  });

  it('asks for an ephemeral host port when only the container port is given', () => {
    expect(optionsFor({ image: 'nginx', ports: ['80'] }).HostConfig?.PortBindings).toEqual({
      '80/tcp': [{ HostIp: '', HostPort: '' }],
    });
  });

  it('suffixes the protocol and strips IPv6 brackets', () => {
    const options = optionsFor({ image: 'dns', ports: ['53:53/udp', '[::1]:5353:53/udp', '3868/sctp'] });
    expect(options.ExposedPorts).toEqual({ '53/udp': {}, '3868/sctp': {} });
    expect(options.HostConfig?.PortBindings).toEqual({
      '53/udp': [
        { HostIp: '', HostPort: '53' },
        { HostIp: '::1', HostPort: '5353' },
      ],
      '3868/sctp': [{ HostIp: '', HostPort: '' }],
    });
  });

  it('expands a host port range into one binding per port', () => {
    const options = optionsFor({ image: 'app', ports: ['0.0.0.0:8000-8002:9000-9002'] });
    expect(options.ExposedPorts).toEqual({ '9000/tcp': {}, '9001/tcp': {}, '9002/tcp': {} });
    expect(options.HostConfig?.PortBindings).toEqual({
      '9000/tcp': [{ HostIp: '0.0.0.0', HostPort: '8000' }],
      '9001/tcp': [{ HostIp: '0.0.0.0', HostPort: '8001' }],
      '9002/tcp': [{ HostIp: '0.0.0.0', HostPort: '8002' }],
    });
  });

  it('expands a container range without host ports into ephemeral bindings', () => {
    expect(optionsFor({ image: 'app', ports: ['7000-7001'] }).HostConfig?.PortBindings).toEqual({
      '7000/tcp': [{ HostIp: '', HostPort: '' }],
      '7001/tcp': [{ HostIp: '', HostPort: '' }],
    });
  });

  it('passes a host range for a single container port through, for the engine to pick a free one', () => {
    expect(optionsFor({ image: 'app', ports: ['8000-8010:80'] }).HostConfig?.PortBindings).toEqual({
      '80/tcp': [{ HostIp: '', HostPort: '8000-8010' }],
    });
  });

  it('publishes all exposed ports for -P', () => {
    expect(optionsFor({ image: 'nginx', publishAll: true }).HostConfig).toEqual({ PublishAllPorts: true });
  });

  it('sends bind mounts and named volumes as Binds and anonymous volumes as Volumes', () => {
    const options = optionsFor({
      image: 'app',
      volumes: ['/srv/site:/site:ro', 'pgdata:/var/lib/pg', '/cache', '/tmp2'],
    });
    expect(options.HostConfig?.Binds).toEqual(['/srv/site:/site:ro', 'pgdata:/var/lib/pg']);
    expect(options.Volumes).toEqual({ '/cache': {}, '/tmp2': {} });
  });

  it('maps network, restart policy, memory, cpus, privileged and auto-remove', () => {
    expect(
      optionsFor({
        image: 'app',
        network: 'backend',
        restart: 'on-failure:3',
        memory: '500m',
        cpus: '1.5',
        privileged: true,
      }).HostConfig,
    ).toEqual({
      NetworkMode: 'backend',
      RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
      Memory: 500 * 1024 * 1024,
      NanoCpus: 1_500_000_000,
      Privileged: true,
    });
    expect(optionsFor({ image: 'app', restart: 'always' }).HostConfig?.RestartPolicy).toEqual({
      Name: 'always',
      MaximumRetryCount: 0,
    });
    expect(optionsFor({ image: 'app', autoRemove: true }).HostConfig).toEqual({ AutoRemove: true });
  });

  it('gives integer NanoCpus where floating point would not', () => {
    expect(optionsFor({ image: 'app', cpus: '1.1' }).HostConfig?.NanoCpus).toBe(1_100_000_000);
    expect(optionsFor({ image: 'app', cpus: '0.000000001' }).HostConfig?.NanoCpus).toBe(1);
  });

  it('leaves out false switches and the start flag, which are not part of the create body', () => {
    expect(
      optionsFor({
        image: 'app',
        tty: false,
        interactive: false,
        privileged: false,
        autoRemove: false,
        start: false,
      }),
    ).toEqual({ Image: 'app' });
  });

  it('turns the seed docker run commands into what the docker CLI sends', () => {
    expect(toCreateOptions(parseDockerRun('docker run -d -p 8080:80 --name web nginx:alpine').form)).toEqual({
      Image: 'nginx:alpine',
      name: 'web',
      ExposedPorts: { '80/tcp': {} },
      HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }] } },
    });
    expect(
      toCreateOptions(
        parseDockerRun('docker run -it --privileged=true -v /host:/data ubuntu /bin/bash').form,
      ),
    ).toEqual({
      Image: 'ubuntu',
      Cmd: ['/bin/bash'],
      OpenStdin: true,
      AttachStdin: true,
      Tty: true,
      HostConfig: { Binds: ['/host:/data'], Privileged: true },
    });
    expect(
      toCreateOptions(
        parseDockerRun('docker run --memory=500m -e MYSQL_ROOT_PASSWORD=123456 -d mysql:5.7').form,
      ),
    ).toEqual({
      Image: 'mysql:5.7',
      Env: ['MYSQL_ROOT_PASSWORD=123456'],
      HostConfig: { Memory: 524288000 },
    });
  });
});
