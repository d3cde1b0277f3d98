import { describe, expect, it } from 'vitest';
import { DockerRunParseError, parseDockerRun } from '@/lib/containers/docker-run';

const formOf = (line: string) => parseDockerRun(line).form;
const warningsOf = (line: string) => parseDockerRun(line).warnings;

describe('parseDockerRun: seed examples', () => {
  it('docker run -d -p 8080:80 --name web nginx:alpine', () => {
    expect(parseDockerRun('docker run -d -p 8080:80 --name web nginx:alpine')).toEqual({
      form: { image: 'nginx:alpine', name: 'web', ports: ['8080:80'], start: true },
      warnings: [],
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
    });
  });

  it('docker run --memory=500m -e MYSQL_ROOT_PASSWORD=123456 -d mysql:5.7', () => {
    expect(parseDockerRun('docker run --memory=500m -e MYSQL_ROOT_PASSWORD=123456 -d mysql:5.7')).toEqual({
      form: { image: 'mysql:5.7', memory: '500m', env: ['MYSQL_ROOT_PASSWORD=123456'], start: true },
      warnings: [],
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
    expect(() => parseDockerRun('docker run --name $(hostname) nginx')).toThrow(
      /Shell syntax "\(" is not supported/,
    );
  });

  it('keeps shell variables literally and says so', () => {
    const variable = (name: string) => `\${${name}}`;
    const { form, warnings } = parseDockerRun('docker run -e HOME_DIR=$HOME -v "$PWD":/src node');
    expect(form.env).toEqual([`HOME_DIR=${variable('HOME')}`]);
    expect(warnings).toEqual([
      `Shell variables were kept as written, not expanded: ${variable('HOME')}, ${variable('PWD')}`,
      expect.stringContaining(`"${variable('PWD')}:/src" is not a volume`),
    ]);
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

  it('keeps the first network and warns about the others', () => {
    const { form, warnings } = parseDockerRun('docker run --network front --network back nginx');
    expect(form.network).toBe('front');
    expect(warnings).toEqual([
      'Only one network can be set here: --network "back" was ignored; connect it after creating',
    ]);
  });

  it('refuses a flag that needs a value at the end of the line', () => {
    expect(() => parseDockerRun('docker run nginx --name')).not.toThrow();
    expect(() => parseDockerRun('docker run -p')).toThrow('-p needs a value');
    expect(() => parseDockerRun('docker run --name')).toThrow('--name needs a value');
  });
});

describe('parseDockerRun: --mount', () => {
  it('maps bind and volume mounts to -v entries', () => {
    expect(
      formOf(
        'docker run --mount type=bind,source=/srv/site,target=/usr/share/nginx/html,readonly --mount src=pgdata,dst=/var/lib/pg nginx',
      ).volumes,
    ).toEqual(['/srv/site:/usr/share/nginx/html:ro', 'pgdata:/var/lib/pg']);
  });

  it('maps an anonymous volume and its options', () => {
    expect(
      formOf('docker run --mount type=volume,destination=/cache,volume-nocopy,ro=true alpine').volumes,
    ).toEqual(['/cache:nocopy,ro']);
    expect(
      formOf('docker run --mount type=bind,src=/a,dst=/b,bind-propagation=rshared,readonly=false alpine')
        .volumes,
    ).toEqual(['/a:/b:rshared']);
  });

  it('warns about mount types and keys it cannot express', () => {
    const { form, warnings } = parseDockerRun(
      'docker run --mount type=tmpfs,dst=/tmp --mount type=volume,src=vol,dst=/v,volume-driver=local alpine',
    );
    expect(form.volumes).toEqual(['vol:/v']);
    expect(warnings).toEqual([
      '--mount "type=tmpfs,dst=/tmp": type=tmpfs is not supported here; the mount was ignored',
      '--mount "type=volume,src=vol,dst=/v,volume-driver=local": "volume-driver=local" is not supported here and was ignored',
    ]);
  });

  it('warns about a mount without a target or a bind without a source', () => {
    expect(warningsOf('docker run --mount type=bind,src=/a alpine')).toEqual([
      '--mount "type=bind,src=/a": the mount has no target and was ignored',
    ]);
    expect(warningsOf('docker run --mount type=bind,dst=/a alpine')).toEqual([
      '--mount "type=bind,dst=/a": a bind mount needs a source; the mount was ignored',
    ]);
  });
});

describe('parseDockerRun: what it cannot use', () => {
  it('names known docker options it does not support, without taking their values for the image', () => {
    const { form, warnings } = parseDockerRun('docker run --cap-add NET_ADMIN --init --shm-size=1g -d nginx');
    expect(form).toEqual({ image: 'nginx', start: true });
    expect(warnings).toEqual([
      '--cap-add "NET_ADMIN" is not supported here and was ignored',
      '--init is not supported here and was ignored',
      '--shm-size "1g" is not supported here and was ignored',
    ]);
  });

  it('ignores options that only concern the docker client', () => {
    expect(parseDockerRun('docker run -a stdout --sig-proxy=false --detach-keys ctrl-x -q nginx')).toEqual({
      form: { image: 'nginx', start: true },
      warnings: [],
    });
  });

  it('treats an unknown --x=y as self-contained', () => {
    expect(parseDockerRun('docker run --frobnicate=yes nginx')).toEqual({
      form: { image: 'nginx', start: true },
      warnings: ['Unknown option --frobnicate=yes was ignored'],
    });
  });

  it('treats an unknown --x followed by a word and then more as taking that word as its value, and says so', () => {
    expect(parseDockerRun('docker run --frobnicate level nginx')).toEqual({
      form: { image: 'nginx', start: true },
      warnings: ['Unknown option --frobnicate was ignored, together with "level", assumed to be its value'],
    });
  });

  it('treats an unknown --x followed by a flag or by the last word as a switch, and says so', () => {
    expect(parseDockerRun('docker run --frobnicate -d nginx').warnings).toEqual([
      'Unknown option --frobnicate was ignored (assumed to take no value)',
    ]);
    expect(parseDockerRun('docker run --frobnicate nginx')).toEqual({
      form: { image: 'nginx', start: true },
      warnings: ['Unknown option --frobnicate was ignored (assumed to take no value)'],
    });
  });

  it('warns about unknown short flags inside a cluster', () => {
    expect(parseDockerRun('docker run -dXt nginx')).toEqual({
      form: { image: 'nginx', tty: true, start: true },
      warnings: ['Unknown option -X was ignored (assumed to take no value)'],
    });
  });

  it('skips --env-file and -e without a value, which need the local machine', () => {
    const { form, warnings } = parseDockerRun('docker run --env-file .env -e TOKEN -e A=1 app');
    expect(form.env).toEqual(['A=1']);
    expect(warnings).toEqual([
      '--env-file .env was skipped: files cannot be read from here; add its variables yourself',
      '-e TOKEN takes its value from your shell, which is not available here: add TOKEN=… yourself',
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
