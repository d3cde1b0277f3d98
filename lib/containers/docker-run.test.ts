import { describe, expect, it } from 'vitest';
import { DockerRunParseError, parseDockerRun } from '@/lib/containers/docker-run';

const formOf = (line: string) => parseDockerRun(line).form;
const warningsOf = (line: string) => parseDockerRun(line).warnings;

describe('parseDockerRun: seed examples', () => {
  it('docker run -d -p 8080:80 --name web nginx:alpine', () => {
    expect(parseDockerRun('docker run -d -p 8080:80 --name web nginx:alpine')).toEqual({
      form: { image: 'nginx:alpine', name: 'web', ports: ['8080:80'], start: true },
      warnings: [],
      problems: [],
    });
  });

  it('docker run -it --privileged=true -v /host:/data ubuntu /bin/bash', () => {
    expect(parseDockerRun('docker run -it --privileged=true -v /host:/data ubuntu /bin/bash')).toEqual({
      form: {
        image: 'ubuntu',
        command: ['/bin/bash'],
        interactive: true,
        tty: true,
        privileged: true,
        volumes: ['/host:/data'],
        start: true,
      },
      warnings: [],
      problems: [],
    });
  });

  it('docker run --memory=500m -e MYSQL_ROOT_PASSWORD=123456 -d mysql:5.7', () => {
    expect(parseDockerRun('docker run --memory=500m -e MYSQL_ROOT_PASSWORD=123456 -d mysql:5.7')).toEqual({
      form: { image: 'mysql:5.7', memory: '500m', env: ['MYSQL_ROOT_PASSWORD=123456'], start: true },
      warnings: [],
      problems: [],
    });
  });
});

describe('parseDockerRun: command prefixes', () => {
  it('accepts docker container run, a bare argument list, sudo and a copied prompt', () => {
    const expected = { image: 'nginx', ports: ['80:80'], start: true };
    expect(formOf('docker container run -p 80:80 nginx')).toEqual(expected);
    expect(formOf('-p 80:80 nginx')).toEqual(expected);
    expect(formOf('nginx')).toEqual({ image: 'nginx', start: true });
    expect(formOf('sudo docker run -p 80:80 nginx')).toEqual(expected);
    expect(formOf('$ docker run -p 80:80 nginx')).toEqual(expected);
    expect(formOf('/usr/bin/docker run -p 80:80 nginx')).toEqual(expected);
  });

  it('maps docker create and docker container create to start: false', () => {
    expect(formOf('docker create --name db postgres:16')).toEqual({
      image: 'postgres:16',
      name: 'db',
      start: false,
    });
    expect(formOf('docker container create redis').start).toBe(false);
  });

  it('warns that -d means nothing to docker create', () => {
    expect(warningsOf('docker create -d redis')).toEqual([
      '-d has no meaning for docker create and was ignored',
    ]);
  });

  it('refuses other docker commands', () => {
    expect(() => parseDockerRun('docker ps -a')).toThrow(
      new DockerRunParseError('Only docker run and docker create commands can be pasted, not "docker ps"'),
    );
    expect(() => parseDockerRun('docker')).toThrow(
      'Only docker run and docker create commands can be pasted',
    );
  });
});

describe('parseDockerRun: shell syntax', () => {
  it('keeps quoted words whole in the command', () => {
    expect(formOf(`docker run busybox sh -c 'echo hello world'`).command).toEqual([
      'sh',
      '-c',
      'echo hello world',
    ]);
    expect(formOf(`docker run -e "GREETING=hello world" busybox`).env).toEqual(['GREETING=hello world']);
    expect(formOf(`docker run busybox sh -c "a && b"`).command).toEqual(['sh', '-c', 'a && b']);
  });

  it('joins lines continued with a backslash', () => {
    const line = 'docker run -d \\\n  -p 8080:80 \\\r\n  --name web \\\n  nginx:alpine';
    expect(formOf(line)).toEqual({ image: 'nginx:alpine', name: 'web', ports: ['8080:80'], start: true });
  });

  it('forgives spaces after a continuation backslash and a trailing backslash', () => {
    expect(formOf('docker run -d \\  \n  -p 8080:80 nginx:alpine \\')).toEqual({
      image: 'nginx:alpine',
      ports: ['8080:80'],
      start: true,
    });
  });

  it('refuses an unclosed quote, which a shell would not run either', () => {
    expect(() => parseDockerRun(`docker run -e 'A=1 nginx`)).toThrow(
      "Unclosed ' quote: check the pasted command",
    );
    expect(() => parseDockerRun('docker run -e "A=1 nginx')).toThrow('Unclosed " quote');
    expect(formOf(`docker run -e "A=it's" -e B=\\" nginx # don't`).env).toEqual(["A=it's", 'B="']);
  });

  it(`refuses an unclosed or empty \${…} with its own error, not the shell parser's (found by fuzzing)`, () => {
    for (const line of [`\${`, `docker run -e A=\${HOME nginx`, `docker run -e A=\${} nginx`]) {
      expect(() => parseDockerRun(line), line).toThrow(DockerRunParseError);
      expect(() => parseDockerRun(line), line).toThrow(`A \${…} substitution is empty or not closed`);
    }
  });

  it('reads \\` inside double quotes as a backtick, as a shell does (found by fuzzing the round trip)', () => {
    expect(formOf('docker run -e "A=\\`\'" nginx').env).toEqual(["A=`'"]);
    expect(formOf("docker run -e 'A=\\`' nginx").env).toEqual(['A=\\`']);
    expect(formOf('docker run -e A=\\` nginx').env).toEqual(['A=`']);
  });

  it('refuses several commands joined by shell operators', () => {
    expect(() => parseDockerRun('docker run -d nginx && docker ps')).toThrow(
      'Only one docker run command can be pasted: remove "&&" and what follows',
    );
    expect(() => parseDockerRun('docker run nginx; echo done')).toThrow(DockerRunParseError);
    expect(() => parseDockerRun('docker run nginx | tee log')).toThrow(/Only one docker run command/);
  });

  it('refuses redirections and subshells', () => {
    expect(() => parseDockerRun('docker run nginx > out.txt')).toThrow(/Shell syntax ">" is not supported/);
    expect(() => parseDockerRun('docker run nginx <(echo x)')).toThrow(/Shell syntax/);
  });

  it('explains command substitutions instead of running them, unless quoted literally', () => {
    const explained = /runs a command in your shell, which Berth does not do/;
    expect(() => parseDockerRun('docker run --name $(hostname) nginx')).toThrow(explained);
    expect(() => parseDockerRun('docker run -e "NOW=$(date)" nginx')).toThrow(/^\$\(…\) runs a command/);
    expect(() => parseDockerRun('docker run -e NOW=`date` nginx')).toThrow(/^`…` runs a command/);
    expect(formOf("docker run -e 'LITERAL=$(date)' -l 'rule=Host(`x`)' nginx")).toMatchObject({
      env: ['LITERAL=$(date)'],
      labels: ['rule=Host(`x`)'],
    });
  });

  it('keeps shell variables literally and refuses them by name, since the shell would have filled them', () => {
    const variable = (name: string) => `\${${name}}`;
    const { form, problems } = parseDockerRun('docker run -e HOME_DIR=$HOME -v "$PWD":/src node');
    expect(form.env).toEqual([`HOME_DIR=${variable('HOME')}`]);
    expect(problems.map((problem) => problem.flag)).toEqual([variable('HOME'), variable('PWD'), '--volume']);
    expect(problems[0]?.message).toContain('is a shell variable, which your shell would fill in');
    expect(problems[2]?.message).toContain(`"${variable('PWD')}:/src" is not a volume`);
  });

  it('keeps glob characters and ignores a trailing comment', () => {
    expect(formOf('docker run alpine ls /etc/*.conf # list configs')).toEqual({
      image: 'alpine',
      command: ['ls', '/etc/*.conf'],
      start: true,
    });
  });

  it('refuses empty input', () => {
    expect(() => parseDockerRun('   ')).toThrow(
      new DockerRunParseError('Nothing to read: paste a command such as docker run -d nginx'),
    );
  });
});

describe('parseDockerRun: flags', () => {
  it('reads short flag clusters', () => {
    expect(formOf('docker run -dit ubuntu')).toEqual({
      image: 'ubuntu',
      interactive: true,
      tty: true,
      start: true,
    });
    expect(formOf('docker run -itd ubuntu')).toEqual(formOf('docker run -dit ubuntu'));
    expect(formOf('docker run -i -t ubuntu')).toEqual(formOf('docker run -dit ubuntu'));
  });

  it('lets the last flag of a cluster take the rest of the word or the next word as its value', () => {
    expect(formOf('docker run -dp 80:80 nginx').ports).toEqual(['80:80']);
    expect(formOf('docker run -dp80:80 nginx').ports).toEqual(['80:80']);
    expect(formOf('docker run -p=80:80 nginx').ports).toEqual(['80:80']);
  });

  it('reads --flag=value and --flag value alike', () => {
    expect(formOf('docker run --name=web --network=host nginx')).toEqual(
      formOf('docker run --name web --network host nginx'),
    );
  });

  it('reads explicit boolean values', () => {
    expect(formOf('docker run --privileged=false --rm=true -t=false nginx')).toEqual({
      image: 'nginx',
      autoRemove: true,
      start: true,
    });
    expect(() => parseDockerRun('docker run --privileged=yes nginx')).toThrow(
      '--privileged=yes: expected --privileged=true or --privileged=false',
    );
  });

  it('collects repeated flags in order', () => {
    expect(formOf('docker run -p 80:80 -p 443:443 -e A=1 --env B=2 -l a=b --label c nginx')).toMatchObject({
      ports: ['80:80', '443:443'],
      env: ['A=1', 'B=2'],
      labels: ['a=b', 'c='],
    });
  });

  it('reads port ranges, udp and IPv6 publishes', () => {
    expect(formOf('docker run -p 8000-8010:8000-8010 -p 53:53/udp -p [::1]:8080:80 -P dns').ports).toEqual([
      '8000-8010:8000-8010',
      '53:53/udp',
      '[::1]:8080:80',
    ]);
    expect(formOf('docker run -P nginx').publishAll).toBe(true);
  });

  it('reads restart, memory, cpus, workdir, user, hostname, rm and entrypoint', () => {
    expect(
      formOf(
        'docker run --restart on-failure:3 -m 1g --cpus 1.5 -w /app -u 1000:1000 -h box --entrypoint /bin/sh alpine -c env',
      ),
    ).toEqual({
      image: 'alpine',
      restart: 'on-failure:3',
      memory: '1g',
      cpus: '1.5',
      workingDir: '/app',
      user: '1000:1000',
      hostname: 'box',
      entrypoint: ['/bin/sh'],
      command: ['-c', 'env'],
      start: true,
    });
    expect(formOf('docker run --rm alpine').autoRemove).toBe(true);
    expect(formOf('docker run --net bridge alpine').network).toBe('bridge');
  });

  it('treats everything after the image as the command, flags included', () => {
    expect(formOf('docker run nginx:alpine nginx -g "daemon off;" -p 1')).toEqual({
      image: 'nginx:alpine',
      command: ['nginx', '-g', 'daemon off;', '-p', '1'],
      start: true,
    });
    expect(formOf('docker run -- alpine ls').command).toEqual(['ls']);
  });

  it('takes a value that starts with "-" as the value, as docker does', () => {
    expect(formOf('docker run --entrypoint -x alpine').entrypoint).toEqual(['-x']);
  });

  it('lets the last --name win and an empty one mean no name', () => {
    expect(formOf('docker run --name a --name b nginx').name).toBe('b');
    expect(formOf(`docker run --name '' nginx`).name).toBeUndefined();
  });

  it('keeps the first network and refuses the others by name', () => {
    const { form, problems } = parseDockerRun('docker run --network front --net back nginx');
    expect(form.network).toBe('front');
    expect(problems).toEqual([
      {
        flag: '--net',
        message: 'Only one --net can be given when creating: "back" was not used; connect it after creating',
      },
    ]);
  });

  it('refuses a flag that needs a value at the end of the line', () => {
    expect(() => parseDockerRun('docker run nginx --name')).not.toThrow();
    expect(() => parseDockerRun('docker run -p')).toThrow('-p needs a value');
    expect(() => parseDockerRun('docker run --name')).toThrow('--name needs a value');
  });
});

describe('parseDockerRun: --mount', () => {
  it('keeps --mount values as written, of every type', () => {
    expect(
      formOf(
        'docker run --mount type=bind,source=/srv/site,target=/usr/share/nginx/html,readonly --mount src=pgdata,dst=/var/lib/pg --mount=type=tmpfs,dst=/t nginx',
      ).mounts,
    ).toEqual([
      'type=bind,source=/srv/site,target=/usr/share/nginx/html,readonly',
      'src=pgdata,dst=/var/lib/pg',
      'type=tmpfs,dst=/t',
    ]);
  });

  it('refuses a mount without a target, a bind without a source or an unknown key, naming --mount', () => {
    const problems = (line: string) => parseDockerRun(line).problems;
    expect(problems('docker run --mount type=bind,src=/a alpine')).toEqual([
      { flag: '--mount', message: expect.stringContaining('target is required') },
    ]);
    expect(problems('docker run --mount type=bind,dst=/a alpine')).toEqual([
      { flag: '--mount', message: expect.stringContaining('a bind mount needs a source') },
    ]);
    expect(problems('docker run --mount type=volume,dst=/a,colour=red alpine')).toEqual([
      { flag: '--mount', message: expect.stringContaining('unexpected key "colour"') },
    ]);
    expect(problems('docker run --mount type=tmpfs,dst=/a,volume-nocopy alpine')).toEqual([
      { flag: '--mount', message: expect.stringContaining('volume options cannot be used with type=tmpfs') },
    ]);
  });
});

describe('parseDockerRun: the rest of docker run (issue 15)', () => {
  it('reads every option group into the form, in the CLI spellings', () => {
    const { form, problems } =
      parseDockerRun(`docker run -d --cap-add NET_ADMIN --cap-drop=ALL --device /dev/null \\
      --add-host db:10.0.0.5 --dns 1.1.1.1 --dns-search example.com --dns-opt ndots:2 --ulimit nofile=1024:2048 \\
      --health-cmd "pg_isready" --health-interval 30s --health-retries 3 --log-driver json-file --log-opt max-size=10m \\
      --init --read-only --stop-signal SIGINT --stop-timeout 20 --shm-size 1g --pid host --ipc shareable --uts host \\
      --security-opt no-new-privileges:true --sysctl net.core.somaxconn=1024 --group-add audio --tmpfs /run:size=1m \\
      -P --expose 8000-8001/udp --memory-reservation 256m --memory-swap -1 -c 512 --cpuset-cpus 0-1 --pids-limit 100 \\
      --restart on-failure:3 --platform linux/amd64 --pull never --network app --network-alias api --ip 10.1.0.5 \\
      --mac-address 02:42:ac:11:00:02 postgres:16`);
    expect(problems).toEqual([]);
    expect(form).toEqual({
      image: 'postgres:16',
      start: true,
      capAdd: ['NET_ADMIN'],
      capDrop: ['ALL'],
      devices: ['/dev/null'],
      addHosts: ['db:10.0.0.5'],
      dns: ['1.1.1.1'],
      dnsSearch: ['example.com'],
      dnsOptions: ['ndots:2'],
      ulimits: ['nofile=1024:2048'],
      healthCmd: 'pg_isready',
      healthInterval: '30s',
      healthRetries: '3',
      logDriver: 'json-file',
      logOpts: ['max-size=10m'],
      init: true,
      readOnly: true,
      stopSignal: 'SIGINT',
      stopTimeout: '20',
      shmSize: '1g',
      pid: 'host',
      ipc: 'shareable',
      uts: 'host',
      securityOpts: ['no-new-privileges:true'],
      sysctls: ['net.core.somaxconn=1024'],
      groupAdd: ['audio'],
      tmpfs: ['/run:size=1m'],
      publishAll: true,
      expose: ['8000-8001/udp'],
      memoryReservation: '256m',
      memorySwap: '-1',
      cpuShares: '512',
      cpusetCpus: '0-1',
      pidsLimit: '100',
      restart: 'on-failure:3',
      platform: 'linux/amd64',
      pull: 'never',
      network: 'app',
      networkAliases: ['api'],
      ip: '10.1.0.5',
      macAddress: '02:42:ac:11:00:02',
    });
  });

  it("refuses the newer clients' options inside --network by name, pointing to the separate options", () => {
    expect(parseDockerRun('docker run --network name=app,alias=api nginx').problems).toEqual([
      {
        flag: '--network',
        message: expect.stringContaining('write --network <name> --network-alias <alias>'),
      },
    ]);
  });

  it('keeps --init=false apart from no --init (the engine stores false)', () => {
    expect(formOf('docker run --init=false nginx').init).toBe(false);
    expect(formOf('docker run nginx').init).toBeUndefined();
  });

  it('refuses values the CLI would refuse, naming the option', () => {
    const flags = (line: string) => parseDockerRun(line).problems.map((problem) => problem.flag);
    expect(flags('docker run --ulimit nofiles=1 nginx')).toEqual(['--ulimit']);
    expect(flags('docker run --device dev/null nginx')).toEqual(['--device']);
    expect(flags('docker run --add-host db nginx')).toEqual(['--add-host']);
    expect(flags('docker run --health-interval 30 nginx')).toEqual(['--health-interval']);
    expect(flags('docker run --no-healthcheck --health-cmd x nginx')).toEqual(['--no-healthcheck']);
    expect(flags('docker run --network-alias api nginx')).toEqual(['--network-alias']);
    expect(flags('docker run --security-opt seccomp=profile.json nginx')).toEqual(['--security-opt']);
    expect(flags('docker run --pull always nginx')).toEqual(['--pull']);
    expect(flags('docker run --log-driver none --log-opt a=b nginx')).toEqual(['--log-opt']);
  });

  it('keeps -a for docker create and says a started container attaches nothing', () => {
    expect(formOf('docker create -a stdout -a stderr nginx').attach).toEqual(['stdout', 'stderr']);
    expect(parseDockerRun('docker run -a stdout nginx').warnings).toEqual([
      '-a stdout: Berth runs containers detached (as docker run -d), so nothing is attached',
    ]);
  });
});

describe('parseDockerRun: what it cannot use', () => {
  it('refuses options the engine here cannot take by name, without taking their values for the image', () => {
    const { form, problems } = parseDockerRun('docker run --gpus all --isolation=hyperv --help -d nginx');
    expect(form).toEqual({ image: 'nginx', start: true });
    expect(problems).toEqual([
      { flag: '--gpus', message: '--gpus is not supported: Berth does not request GPUs from the engine' },
      { flag: '--isolation', message: '--isolation is not supported' },
      { flag: '--help', message: '--help is not supported' },
    ]);
  });

  it('ignores options that only concern the docker client', () => {
    expect(parseDockerRun('docker run --sig-proxy=false --detach-keys ctrl-x -q nginx')).toEqual({
      form: { image: 'nginx', start: true },
      warnings: [],
      problems: [],
    });
  });

  it('refuses an unknown --x=y by name, as self-contained', () => {
    expect(parseDockerRun('docker run --frobnicate=yes nginx')).toMatchObject({
      form: { image: 'nginx', start: true },
      problems: [{ flag: '--frobnicate', message: '--frobnicate is not a docker run option' }],
    });
  });

  it('takes the word after an unknown --x as its value when more words follow, and says so', () => {
    expect(parseDockerRun('docker run --frobnicate level nginx')).toMatchObject({
      form: { image: 'nginx', start: true },
      problems: [
        {
          flag: '--frobnicate',
          message: '--frobnicate is not a docker run option ("level" was taken as its value)',
        },
      ],
    });
  });

  it('treats an unknown --x followed by a flag or by the last word as a switch', () => {
    expect(parseDockerRun('docker run --frobnicate -d nginx').problems).toEqual([
      { flag: '--frobnicate', message: '--frobnicate is not a docker run option' },
    ]);
    expect(parseDockerRun('docker run --frobnicate nginx').form).toEqual({ image: 'nginx', start: true });
  });

  it('refuses unknown short flags inside a cluster by name', () => {
    expect(parseDockerRun('docker run -dXt nginx')).toMatchObject({
      form: { image: 'nginx', tty: true, start: true },
      problems: [{ flag: '-X', message: '-X is not a docker run option' }],
    });
  });

  it("refuses --env-file, --label-file and -e without a value, which need the user's machine", () => {
    const { form, problems } = parseDockerRun(
      'docker run --env-file .env --label-file l.txt -e TOKEN -e A=1 app',
    );
    expect(form.env).toEqual(['A=1']);
    expect(problems).toEqual([
      {
        flag: '--env-file',
        message:
          '--env-file is not supported: the file is on your machine and Berth cannot read it; give its variables with -e KEY=value',
      },
      {
        flag: '--label-file',
        message:
          '--label-file is not supported: the file is on your machine and Berth cannot read it; give its labels with -l key=value',
      },
      {
        flag: '-e',
        message: '-e TOKEN takes its value from your shell, which Berth cannot see: write -e TOKEN=value',
      },
    ]);
  });

  it('fills the form but warns about values the form will refuse', () => {
    const { form, warnings } = parseDockerRun(
      'docker run -p 8080:80/tcpx -m lots --rm --restart always nginx',
    );
    expect(form).toMatchObject({
      ports: ['8080:80/tcpx'],
      memory: 'lots',
      autoRemove: true,
      restart: 'always',
    });
    expect(
      parseDockerRun('docker run -p 8080:80/tcpx -m lots --rm --restart always nginx').problems.map(
        (p) => p.flag,
      ),
    ).toEqual(['--publish', '--memory', '--restart']);
    expect(warnings).toEqual([
      '"8080:80/tcpx" is not a port mapping: expected [ip:][hostPort:]containerPort[/tcp|udp|sctp]',
      expect.stringContaining('"lots" is not a memory size'),
      expect.stringContaining('cannot be combined with automatic removal'),
    ]);
  });

  it('throws a clear error when there is no image', () => {
    expect(() => parseDockerRun('docker run -d -p 80:80')).toThrow(
      new DockerRunParseError(
        'No image: the options must be followed by an image, e.g. docker run -d nginx:alpine',
      ),
    );
    expect(() => parseDockerRun('docker run')).toThrow(DockerRunParseError);
  });
});
