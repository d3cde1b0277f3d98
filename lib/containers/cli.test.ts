import { parse } from 'shell-quote';
import { describe, expect, it } from 'vitest';
import { renderContainerCommand, renderRunCommand, shellJoin } from '@/lib/containers/cli';
import { parseDockerRun } from '@/lib/containers/docker-run';
import { type ContainerFormInput, containerFormSchema } from '@/lib/containers/form';

describe('shellJoin', () => {
  it('leaves safe words bare and quotes the rest so a shell reads them back unchanged', () => {
    const words = [
      'docker',
      'A=1',
      '[::1]:80:80',
      'two words',
      "it's",
      '$HOME',
      '',
      'a;b',
      '~/x',
      '*.tar',
      'say "hi"!',
    ];
    const line = shellJoin(words);
    expect(line).toBe(
      `docker A=1 '[::1]:80:80' 'two words' "it's" '$HOME' '' 'a;b' '~/x' '*.tar' 'say "hi"!'`,
    );
    expect(parse(line)).toEqual(words);
  });
});

describe('renderRunCommand', () => {
  it('renders what a user would type for a started container', () => {
    expect(renderRunCommand({ image: 'nginx:alpine', name: 'web', ports: ['8080:80'] })).toBe(
      'docker run -d --name web -p 8080:80 nginx:alpine',
    );
  });

  it('uses docker create when the container is not started', () => {
    expect(renderRunCommand({ image: 'redis', start: false })).toBe('docker create redis');
    expect(renderRunCommand({ image: 'ubuntu', start: false, interactive: true, tty: true })).toBe(
      'docker create -it ubuntu',
    );
  });

  it('combines -d with -i and -t', () => {
    expect(renderRunCommand({ image: 'ubuntu', interactive: true, tty: true, command: ['/bin/bash'] })).toBe(
      'docker run -dit ubuntu /bin/bash',
    );
    expect(renderRunCommand({ image: 'ubuntu', tty: true })).toBe('docker run -dt ubuntu');
  });

  it('renders every field in a fixed order, quoting where the shell needs it', () => {
    expect(
      renderRunCommand({
        image: 'app:1',
        name: 'app',
        command: ['sh', '-c', 'echo hello world'],
        entrypoint: ['/entry.sh'],
        env: ['GREETING=hello world', 'A=1'],
        ports: ['[::1]:8080:80', '53:53/udp'],
        publishAll: true,
        volumes: ['/data', 'logs:/logs:ro'],
        network: 'backend',
        restart: 'on-failure:3',
        memory: '512m',
        cpus: '1.5',
        labels: ['team=web'],
        workingDir: '/app',
        user: '1000:1000',
        hostname: 'app-1',
        privileged: true,
        autoRemove: true,
      }),
    ).toBe(
      "docker run -d --name app -p '[::1]:8080:80' -p 53:53/udp -P -e 'GREETING=hello world' -e A=1 -v /data " +
        '-v logs:/logs:ro --network backend --restart on-failure:3 --memory 512m --cpus 1.5 --label team=web ' +
        "--workdir /app --user 1000:1000 --hostname app-1 --privileged --rm --entrypoint /entry.sh app:1 sh -c 'echo hello world'",
    );
  });

  it('skips empty optional values instead of rendering empty flags', () => {
    expect(renderRunCommand({ image: 'nginx', name: '', network: '', memory: '', env: [] })).toBe(
      'docker run -d nginx',
    );
  });

  it('puts the arguments of a multi-word entrypoint before the command, where the CLI runs them the same', () => {
    expect(renderRunCommand({ image: 'alpine', entrypoint: ['sh', '-c'], command: ['env'] })).toBe(
      'docker run -d --entrypoint sh alpine -c env',
    );
    expect(renderRunCommand({ image: 'alpine', entrypoint: [''] })).toBe(
      "docker run -d --entrypoint '' alpine",
    );
  });

  describe('round trip: parseDockerRun(renderRunCommand(f)).form equals the normalised f', () => {
    const forms: Record<string, ContainerFormInput> = {
      'docker run -d -p 8080:80 --name web nginx:alpine': {
        image: 'nginx:alpine',
        name: 'web',
        ports: ['8080:80'],
      },
      'docker run -it --privileged=true -v /host:/data ubuntu /bin/bash': {
        image: 'ubuntu',
        interactive: true,
        tty: true,
        privileged: true,
        volumes: ['/host:/data'],
        command: ['/bin/bash'],
      },
      'docker run --memory=500m -e MYSQL_ROOT_PASSWORD=123456 -d mysql:5.7': {
        image: 'mysql:5.7',
        memory: '500m',
        env: ['MYSQL_ROOT_PASSWORD=123456'],
      },
      'a form with every field': {
        image: `registry.local:5000/team/app:1.2@sha256:${'b'.repeat(64)}`,
        name: 'app',
        command: ['sh', '-c', `echo "it's $HOME" && sleep 1`],
        entrypoint: ['/entry.sh'],
        env: ['GREETING=hello world', 'EMPTY='],
        ports: ['[::1]:8080:80', '127.0.0.1::53/udp', '8000-8001:9000-9001', '80'],
        publishAll: true,
        volumes: ['/data', '/srv:/srv:ro,Z', 'logs:/logs'],
        network: 'container:db',
        restart: 'unless-stopped',
        memory: '1.5g',
        cpus: '0.5',
        labels: ['team=web', 'note=a b', 'flag='],
        workingDir: '/my app',
        user: 'nobody',
        hostname: 'app-1',
        interactive: true,
        privileged: true,
      },
      'a created container': { image: 'redis', start: false, tty: true, autoRemove: true, restart: 'no' },
      'a form with the rest of docker run (issue 15)': {
        image: 'app',
        start: false,
        attach: ['stdout'],
        mounts: ['type=bind,src=/srv,dst=/app,readonly', 'type=volume,src=v,dst=/v,"volume-opt=o=a,b"'],
        tmpfs: ['/run:rw,size=64m'],
        expose: ['8000-8001/udp'],
        capAdd: ['NET_ADMIN'],
        capDrop: ['ALL'],
        devices: ['/dev/null:/dev/n:r'],
        deviceCgroupRules: ['c 1:3 mr'],
        addHosts: ['db:10.0.0.5'],
        dns: ['1.1.1.1'],
        dnsSearch: ['example.com'],
        dnsOptions: ['ndots:2'],
        ulimits: ['nofile=1024:2048'],
        healthCmd: 'curl -f http://localhost/ || exit 1',
        healthInterval: '30s',
        healthTimeout: '5s',
        healthStartPeriod: '1m',
        healthRetries: '3',
        logDriver: 'json-file',
        logOpts: ['max-size=10m'],
        init: false,
        readOnly: true,
        stopSignal: 'SIGINT',
        stopTimeout: '20',
        shmSize: '1g',
        pid: 'host',
        ipc: 'shareable',
        uts: 'host',
        userns: 'host',
        cgroupns: 'private',
        cgroupParent: 'berth.slice',
        securityOpts: ['no-new-privileges:true'],
        sysctls: ['net.core.somaxconn=1024'],
        storageOpts: ['size=1g'],
        groupAdd: ['audio'],
        memoryReservation: '256m',
        memorySwap: '-1',
        memorySwappiness: '10',
        oomKillDisable: true,
        oomScoreAdj: '-500',
        cpuShares: '512',
        cpusetCpus: '0-1',
        cpusetMems: '0',
        cpuPeriod: '100000',
        cpuQuota: '50000',
        cpuRtPeriod: '1000000',
        cpuRtRuntime: '950000',
        blkioWeight: '300',
        pidsLimit: '100',
        platform: 'linux/amd64',
        pull: 'never',
        network: 'app',
        networkAliases: ['api'],
        ip: '10.1.0.5',
        ip6: 'fd00::5',
        linkLocalIps: ['169.254.1.1'],
        macAddress: '02:42:ac:11:00:02',
        links: ['db:database'],
        volumesFrom: ['data:ro'],
        volumeDriver: 'local',
        domainname: 'example.org',
        runtime: 'runc',
      },
      'no health check': { image: 'app', noHealthcheck: true, init: true },
    };
    for (const [title, form] of Object.entries(forms)) {
      it(title, () => {
        const normalised = containerFormSchema.parse(form);
        const { form: parsed, warnings } = parseDockerRun(renderRunCommand(form));
        expect(warnings).toEqual([]);
        expect(parsed).toStrictEqual(normalised);
      });
    }

    it('the seed commands render back to themselves, up to flag order', () => {
      const seed = 'docker run -d -p 8080:80 --name web nginx:alpine';
      expect(renderRunCommand(parseDockerRun(seed).form)).toBe(
        'docker run -d --name web -p 8080:80 nginx:alpine',
      );
    });
  });
});

describe('renderContainerCommand', () => {
  it('renders start, pause, unpause and inspect for one or many containers', () => {
    expect(renderContainerCommand({ action: 'start', targets: ['web'] })).toBe('docker start web');
    expect(renderContainerCommand({ action: 'pause', targets: ['a', 'b'] })).toBe('docker pause a b');
    expect(renderContainerCommand({ action: 'unpause', targets: ['a', 'b', 'c'] })).toBe(
      'docker unpause a b c',
    );
    expect(renderContainerCommand({ action: 'inspect', targets: ['web'] })).toBe('docker inspect web');
  });

  it('renders stop and restart with -t only when a timeout is given', () => {
    expect(renderContainerCommand({ action: 'stop', targets: ['a', 'b', 'c'] })).toBe('docker stop a b c');
    expect(renderContainerCommand({ action: 'stop', targets: ['web'], timeout: 30 })).toBe(
      'docker stop -t 30 web',
    );
    expect(renderContainerCommand({ action: 'restart', targets: ['web'], timeout: 0 })).toBe(
      'docker restart -t 0 web',
    );
  });

  it('renders kill with -s only for a signal other than the default SIGKILL', () => {
    expect(renderContainerCommand({ action: 'kill', targets: ['a', 'b'] })).toBe('docker kill a b');
    expect(renderContainerCommand({ action: 'kill', targets: ['web'], signal: 'SIGKILL' })).toBe(
      'docker kill web',
    );
    expect(renderContainerCommand({ action: 'kill', targets: ['web'], signal: 'kill' })).toBe(
      'docker kill web',
    );
    expect(renderContainerCommand({ action: 'kill', targets: ['web'], signal: 'SIGHUP' })).toBe(
      'docker kill -s SIGHUP web',
    );
  });

  it('renders remove as docker rm with -f and -v when asked', () => {
    expect(renderContainerCommand({ action: 'remove', targets: ['web'] })).toBe('docker rm web');
    expect(
      renderContainerCommand({ action: 'remove', targets: ['a', 'b'], force: true, volumes: true }),
    ).toBe('docker rm -f -v a b');
    expect(renderContainerCommand({ action: 'remove', targets: ['web'], force: false, volumes: false })).toBe(
      'docker rm web',
    );
  });

  it('renders rename', () => {
    expect(renderContainerCommand({ action: 'rename', target: 'web', newName: 'web-old' })).toBe(
      'docker rename web web-old',
    );
  });

  it('renders commit with its options before the container and the repository after it', () => {
    expect(renderContainerCommand({ action: 'commit', target: 'web' })).toBe('docker commit web');
    expect(
      renderContainerCommand({
        action: 'commit',
        target: 'web',
        repository: 'me/web:v2',
        author: 'Ann <ann@example.com>',
        message: 'add config',
        changes: ['EXPOSE 8080', 'ENV MODE=prod'],
        pause: false,
      }),
    ).toBe(
      "docker commit -a 'Ann <ann@example.com>' -m 'add config' -c 'EXPOSE 8080' -c 'ENV MODE=prod' --pause=false web me/web:v2",
    );
  });

  it('renders top, diff, logs and export for one container', () => {
    expect(renderContainerCommand({ action: 'top', target: 'web' })).toBe('docker top web');
    expect(renderContainerCommand({ action: 'diff', targets: ['web'] })).toBe('docker diff web');
    expect(renderContainerCommand({ action: 'logs', target: 'web' })).toBe('docker logs web');
    expect(renderContainerCommand({ action: 'logs', targets: ['web'], tail: 500, timestamps: true })).toBe(
      'docker logs --tail 500 -t web',
    );
    expect(renderContainerCommand({ action: 'export', targets: ['web'], output: 'web.tar' })).toBe(
      'docker export -o web.tar web',
    );
  });

  it('renders docker cp in both directions, quoting paths with spaces', () => {
    expect(renderContainerCommand({ action: 'cp-from', target: 'web', path: '/etc/nginx' })).toBe(
      'docker cp web:/etc/nginx ./',
    );
    expect(
      renderContainerCommand({ action: 'cp-from', target: 'web', path: '/my dir', destination: '.' }),
    ).toBe("docker cp 'web:/my dir' .");
    expect(
      renderContainerCommand({ action: 'cp-to', target: 'web', source: './site.conf', path: '/etc/nginx' }),
    ).toBe('docker cp ./site.conf web:/etc/nginx');
  });

  it('rejects impossible combinations at compile time', () => {
    // @ts-expect-error rename takes exactly one container
    renderContainerCommand({ action: 'rename', targets: ['a', 'b'], newName: 'c' });
    // @ts-expect-error start has no timeout
    renderContainerCommand({ action: 'start', targets: ['a'], timeout: 3 });
    // @ts-expect-error logs needs a target
    renderContainerCommand({ action: 'logs', tail: 10 });
    // @ts-expect-error a single-container action takes target or targets, not both
    renderContainerCommand({ action: 'top', target: 'a', targets: ['a'] });
    expect(true).toBe(true);
  });

  it('renders docker logs with follow, since and until', () => {
    expect(
      renderContainerCommand({
        action: 'logs',
        targets: ['web'],
        follow: true,
        since: '2026-01-01T10:00:00Z',
        timestamps: true,
      }),
    ).toBe('docker logs -f --since 2026-01-01T10:00:00Z -t web');
    expect(
      renderContainerCommand({
        action: 'logs',
        targets: ['web'],
        tail: 'all',
        since: '2026-01-01T10:00:00Z',
        until: '2026-01-01T11:00:00Z',
      }),
    ).toBe('docker logs --tail all --since 2026-01-01T10:00:00Z --until 2026-01-01T11:00:00Z web');
  });
});
