import { describe, expect, it } from 'vitest';
import { parseDockerRun } from '@/lib/containers/docker-run';
import { type ContainerFormInput, containerFormSchema } from '@/lib/containers/form';
import { toCreateOptions } from '@/server/docker/container-create';

const optionsFor = (input: ContainerFormInput) => toCreateOptions(containerFormSchema.parse(input));
/** What the CLI sends for a container without --restart (and Berth too). */
const NO_RESTART = { RestartPolicy: { Name: 'no', MaximumRetryCount: 0 } };

describe('toCreateOptions', () => {
  it('sends only the image and the restart policy "no" for a minimal form, as the CLI does', () => {
    expect(optionsFor({ image: 'nginx' })).toEqual({ Image: 'nginx', HostConfig: NO_RESTART });
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
      HostConfig: NO_RESTART,
    });
  });

  it('keeps an empty entrypoint, which resets the image entrypoint', () => {
    expect(optionsFor({ image: 'alpine', entrypoint: [''] }).Entrypoint).toEqual(['']);
  });

  it('opens stdin for -i and allocates a tty for -t, attaching nothing when started (docker run -d)', () => {
    expect(optionsFor({ image: 'ubuntu', interactive: true, tty: true })).toEqual({
      Image: 'ubuntu',
      OpenStdin: true,
      Tty: true,
      HostConfig: NO_RESTART,
    });
  });

  it('attaches as docker create does: stdout and stderr, stdin with -i (once), or the streams of -a', () => {
    const attached = (input: Partial<ContainerFormInput>) => {
      const { AttachStdin, AttachStdout, AttachStderr, StdinOnce } = optionsFor({
        image: 'app',
        start: false,
        ...input,
      });
      return { AttachStdin, AttachStdout, AttachStderr, StdinOnce };
    };
    expect(attached({})).toEqual({ AttachStdout: true, AttachStderr: true });
    expect(attached({ interactive: true })).toEqual({
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      StdinOnce: true,
    });
    expect(attached({ attach: ['stdout'] })).toEqual({ AttachStdout: true });
    expect(attached({ attach: ['stdin'], interactive: true })).toEqual({
      AttachStdin: true,
      StdinOnce: true,
    });
    expect(attached({ attach: ['stdin'] })).toEqual({ AttachStdin: true });
  });

  it('exposes and binds a published port, keeping the host ip', () => {
    expect(optionsFor({ image: 'nginx', ports: ['127.0.0.1:8080:80'] })).toEqual({
      Image: 'nginx',
      ExposedPorts: { '80/tcp': {} },
      HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] }, ...NO_RESTART },
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
    expect(optionsFor({ image: 'nginx', publishAll: true }).HostConfig).toEqual({
      PublishAllPorts: true,
      ...NO_RESTART,
    });
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
    expect(optionsFor({ image: 'app', autoRemove: true }).HostConfig).toEqual({
      AutoRemove: true,
      ...NO_RESTART,
    });
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
    ).toEqual({ Image: 'app', AttachStdout: true, AttachStderr: true, HostConfig: NO_RESTART });
  });

  it('turns the seed docker run commands into what the docker CLI sends', () => {
    expect(toCreateOptions(parseDockerRun('docker run -d -p 8080:80 --name web nginx:alpine').form)).toEqual({
      Image: 'nginx:alpine',
      name: 'web',
      ExposedPorts: { '80/tcp': {} },
      HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }] }, ...NO_RESTART },
    });
    expect(
      toCreateOptions(
        parseDockerRun('docker run -it --privileged=true -v /host:/data ubuntu /bin/bash').form,
      ),
    ).toEqual({
      Image: 'ubuntu',
      Cmd: ['/bin/bash'],
      OpenStdin: true,
      Tty: true,
      HostConfig: { Binds: ['/host:/data'], Privileged: true, ...NO_RESTART },
    });
    expect(
      toCreateOptions(
        parseDockerRun('docker run --memory=500m -e MYSQL_ROOT_PASSWORD=123456 -d mysql:5.7').form,
      ),
    ).toEqual({
      Image: 'mysql:5.7',
      Env: ['MYSQL_ROOT_PASSWORD=123456'],
      HostConfig: { Memory: 524288000, ...NO_RESTART },
    });
  });
});

describe('toCreateOptions: the rest of docker run (issue 15)', () => {
  const run = (line: string) => {
    const { form, problems } = parseDockerRun(line);
    expect(problems).toEqual([]);
    return toCreateOptions(form);
  };

  it("maps --mount of each type with its options, as the CLI's MountOpt does", () => {
    expect(
      run(
        'docker run --mount type=bind,src=/srv,dst=/app,readonly,bind-propagation=rslave ' +
          '--mount "type=volume,source=data,target=/data,volume-nocopy,volume-label=a=b,volume-opt=type=nfs" ' +
          '--mount type=tmpfs,destination=/t,tmpfs-size=64m,tmpfs-mode=1770 app',
      ).HostConfig?.Mounts,
    ).toEqual([
      {
        Type: 'bind',
        Source: '/srv',
        Target: '/app',
        ReadOnly: true,
        BindOptions: { Propagation: 'rslave' },
      },
      {
        Type: 'volume',
        Source: 'data',
        Target: '/data',
        VolumeOptions: { NoCopy: true, Labels: { a: 'b' }, DriverConfig: { Options: { type: 'nfs' } } },
      },
      { Type: 'tmpfs', Target: '/t', TmpfsOptions: { SizeBytes: 64 * 1024 * 1024, Mode: 0o1770 } },
    ]);
  });

  it('maps the health check, in nanoseconds, and --no-healthcheck to NONE', () => {
    expect(
      run('docker run --health-cmd "curl -f localhost" --health-interval 1m30s --health-retries 3 app')
        .Healthcheck,
    ).toEqual({
      Test: ['CMD-SHELL', 'curl -f localhost'],
      Interval: 90e9,
      Timeout: 0,
      StartPeriod: 0,
      Retries: 3,
    });
    expect(run('docker run --no-healthcheck app').Healthcheck).toEqual({ Test: ['NONE'] });
  });

  it('maps devices, ulimits (the last of a name wins), tmpfs, sysctls, log options and --init=false', () => {
    const host = run(
      'docker run --device /dev/null --device /dev/zero:/dev/z:r --ulimit nofile=1:2 --ulimit nofile=3 ' +
        '--tmpfs /run:size=1m --tmpfs /tmp --sysctl net.core.somaxconn=1024 --log-driver local --log-opt max-size=1m --init=false app',
    ).HostConfig;
    expect(host?.Devices).toEqual([
      { PathOnHost: '/dev/null', PathInContainer: '/dev/null', CgroupPermissions: 'rwm' },
      { PathOnHost: '/dev/zero', PathInContainer: '/dev/z', CgroupPermissions: 'r' },
    ]);
    expect(host?.Ulimits).toEqual([{ Name: 'nofile', Soft: 3, Hard: 3 }]);
    expect(host?.Tmpfs).toEqual({ '/run': 'size=1m', '/tmp': '' });
    expect(host?.Sysctls).toEqual({ 'net.core.somaxconn': '1024' });
    expect(host?.LogConfig).toEqual({ Type: 'local', Config: { 'max-size': '1m' } });
    expect(host?.Init).toBe(false);
  });

  it('puts aliases and fixed addresses on the endpoint of the one network', () => {
    const options = run(
      'docker run --network web --network-alias api --ip 10.1.0.5 --mac-address 02:42:ac:11:00:02 app',
    );
    expect(options.NetworkingConfig).toEqual({
      EndpointsConfig: { web: { Aliases: ['api'], IPAMConfig: { IPv4Address: '10.1.0.5' } } },
    });
    expect(options.MacAddress).toBe('02:42:ac:11:00:02');
  });

  it('maps block IO device limits: weights, rates in bytes and in operations per second', () => {
    const host = run(
      'docker run --blkio-weight-device /dev/sda:300 --device-read-bps /dev/sda:1mb --device-write-iops /dev/sda:100 app',
    ).HostConfig;
    expect(host?.BlkioWeightDevice).toEqual([{ Path: '/dev/sda', Weight: 300 }]);
    expect(host?.BlkioDeviceReadBps).toEqual([{ Path: '/dev/sda', Rate: 1024 * 1024 }]);
    expect(host?.BlkioDeviceWriteIOps).toEqual([{ Path: '/dev/sda', Rate: 100 }]);
    expect(parseDockerRun('docker run --device-read-bps sda:1mb app').problems.map((p) => p.flag)).toEqual([
      '--device-read-bps',
    ]);
  });

  it('keeps the last value of a variable given twice, as the CLI does', () => {
    expect(run('docker run -e A=1 -e B=2 -e A=3 app').Env).toEqual(['B=2', 'A=3']);
  });
});

describe('toUpdateBody', () => {
  it('is the body the CLI sends for docker update', async () => {
    const { toUpdateBody } = await import('@/server/docker/containers');
    expect(
      toUpdateBody({
        action: 'update',
        restart: 'on-failure:3',
        memory: '64m',
        memorySwap: '-1',
        cpus: '0.5',
        pidsLimit: -1,
      }),
    ).toEqual({
      RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
      Memory: 64 * 1024 * 1024,
      MemorySwap: -1,
      NanoCpus: 500_000_000,
      PidsLimit: -1,
    });
    expect(toUpdateBody({ action: 'update', pidsLimit: 7 })).toEqual({ PidsLimit: 7 });
  });
});
