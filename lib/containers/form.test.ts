import { describe, expect, it } from 'vitest';
import {
  containerFormSchema,
  InvalidSpecError,
  MIN_MEMORY_BYTES,
  parseCpus,
  parseImageRef,
  parseKeyValue,
  parseMemory,
  parsePortSpec,
  parseRestart,
  parseVolumeSpec,
} from '@/lib/containers/form';

const issuesOf = (input: unknown) => {
  const result = containerFormSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path, message: i.message }));
};

describe('parseImageRef', () => {
  it('accepts names, tags, registries with ports and digests', () => {
    expect(parseImageRef('nginx')).toEqual({ repository: 'nginx' });
    expect(parseImageRef('nginx:1.27-alpine')).toEqual({ repository: 'nginx', tag: '1.27-alpine' });
    expect(parseImageRef('library/my_app__x-y.z')).toEqual({ repository: 'library/my_app__x-y.z' });
    expect(parseImageRef('localhost:5000/team/app:v1')).toEqual({
      registry: 'localhost:5000',
      repository: 'team/app',
      tag: 'v1',
    });
    expect(parseImageRef('ghcr.io/owner/app')).toEqual({ registry: 'ghcr.io', repository: 'owner/app' });
    expect(parseImageRef('[::1]:5000/app')).toEqual({ registry: '[::1]:5000', repository: 'app' });
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(parseImageRef(`nginx:alpine@${digest}`)).toEqual({ repository: 'nginx', tag: 'alpine', digest });
  });

  it('treats a first component without a dot, colon or "localhost" as part of the name', () => {
    expect(parseImageRef('team/app')).toEqual({ repository: 'team/app' });
  });

  it('rejects uppercase names, bad tags, bad digests and empty components, quoting the value', () => {
    expect(() => parseImageRef('Nginx')).toThrow(
      '"Nginx" is not a valid image reference: Repository name must be lowercase: "Nginx"; expected [registry[:port]/]name[:tag][@sha256:digest]',
    );
    expect(() => parseImageRef('nginx:-bad')).toThrow(/Invalid tag "-bad"/);
    expect(() => parseImageRef('nginx@sha256:abc')).toThrow(/Invalid digest "sha256:abc"/);
    expect(() => parseImageRef('team//app')).toThrow(/a path component is empty/);
    expect(() => parseImageRef('nginx alpine')).toThrow(InvalidSpecError);
    expect(() => parseImageRef(':latest')).toThrow(/name is missing/);
  });
});

describe('parsePortSpec', () => {
  it('parses a container port alone as an ephemeral tcp binding', () => {
    expect(parsePortSpec('80')).toEqual({ containerPorts: { start: 80, end: 80 }, protocol: 'tcp' });
  });

  it('parses host ip, host port, container port and protocol', () => {
    expect(parsePortSpec('127.0.0.1:8080:80/udp')).toEqual({
      hostIp: '127.0.0.1',
      hostPorts: { start: 8080, end: 8080 },
      containerPorts: { start: 80, end: 80 },
      protocol: 'udp',
    });
    expect(parsePortSpec('8125:8125/sctp').protocol).toBe('sctp');
  });

  it('accepts an empty host port on an ip (ephemeral port on that interface)', () => {
    expect(parsePortSpec('127.0.0.1::80')).toEqual({
      hostIp: '127.0.0.1',
      containerPorts: { start: 80, end: 80 },
      protocol: 'tcp',
    });
  });

  it('accepts IPv6 addresses in brackets', () => {
    expect(parsePortSpec('[::1]:8080:80')).toMatchObject({
      hostIp: '::1',
      hostPorts: { start: 8080, end: 8080 },
    });
    expect(parsePortSpec('[2001:db8::ff00:42:8329]::53/udp')).toMatchObject({
      hostIp: '2001:db8::ff00:42:8329',
      protocol: 'udp',
    });
    expect(() => parsePortSpec('[::g]:80:80')).toThrow(
      '"[::g]:80:80" is not a port mapping: "::g" is not an IPv6 address',
    );
  });

  it('asks for brackets around an unbracketed IPv6 address', () => {
    expect(() => parsePortSpec('::1:8080:80')).toThrow(
      /put an IPv6 address in brackets, e\.g\. \[::1\]:8080:80/,
    );
  });

  it('parses ranges of equal length, and a host range for a single container port', () => {
    expect(parsePortSpec('8000-8002:9000-9002')).toMatchObject({
      hostPorts: { start: 8000, end: 8002 },
      containerPorts: { start: 9000, end: 9002 },
    });
    expect(parsePortSpec('8000-8010:80')).toMatchObject({
      hostPorts: { start: 8000, end: 8010 },
      containerPorts: { start: 80, end: 80 },
    });
  });

  it('rejects ranges of different lengths', () => {
    expect(() => parsePortSpec('8000-8001:9000-9002')).toThrow(
      '"8000-8001:9000-9002" is not a port mapping: host range 8000-8001 and container range 9000-9002 have different lengths',
    );
    expect(() => parsePortSpec('8000:9000-9002')).toThrow(/different lengths/);
  });

  it('rejects an unknown protocol with the expected syntax', () => {
    expect(() => parsePortSpec('8080:80/tcpx')).toThrow(
      '"8080:80/tcpx" is not a port mapping: expected [ip:][hostPort:]containerPort[/tcp|udp|sctp]',
    );
  });

  it('rejects ports outside 1-65535, reversed ranges, non-IP hosts and junk', () => {
    expect(() => parsePortSpec('70000:80')).toThrow(
      '"70000:80" is not a port mapping: host port 70000 is not between 1 and 65535',
    );
    expect(() => parsePortSpec('0')).toThrow(/container port 0 is not between 1 and 65535/);
    expect(() => parsePortSpec('90-80')).toThrow(/container port range 90-80 ends before it starts/);
    expect(() => parsePortSpec('localhost:80:80')).toThrow(/"localhost" is not an IP address/);
    expect(() => parsePortSpec('256.1.1.1:80:80')).toThrow(/"256.1.1.1" is not an IP address/);
    for (const junk of ['', 'http', '80:', '80/', '8080:80:90:100', 'a:80']) {
      expect(() => parsePortSpec(junk), junk).toThrow(InvalidSpecError);
    }
  });
});

describe('parseVolumeSpec', () => {
  it('parses an anonymous volume, and refuses options on one as the engine does, naming what works', () => {
    expect(parseVolumeSpec('/data')).toEqual({
      kind: 'anonymous',
      target: '/data',
      options: [],
      readOnly: false,
    });
    expect(() => parseVolumeSpec('/data:ro')).toThrow('an anonymous volume takes no options');
    expect(() => parseVolumeSpec('/data:ro')).toThrow('"data:/data:ro"');
    expect(() => parseVolumeSpec('/cache:nocopy,ro')).toThrow('an anonymous volume takes no options');
    // Not options: a bind of /host at the relative target "data", refused for its target.
    expect(() => parseVolumeSpec('/host:data')).toThrow('must be absolute');
  });

  it('parses a bind mount of an absolute host path', () => {
    expect(parseVolumeSpec('/srv/site:/usr/share/nginx/html:ro,Z')).toEqual({
      kind: 'bind',
      source: '/srv/site',
      target: '/usr/share/nginx/html',
      options: ['ro', 'Z'],
      readOnly: true,
    });
  });

  it('parses a named volume', () => {
    expect(parseVolumeSpec('pgdata:/var/lib/postgresql/data')).toEqual({
      kind: 'volume',
      source: 'pgdata',
      target: '/var/lib/postgresql/data',
      options: [],
      readOnly: false,
    });
    expect(parseVolumeSpec('cache:/cache:nocopy').options).toEqual(['nocopy']);
  });

  it('rejects a relative container path', () => {
    expect(() => parseVolumeSpec('data')).toThrow(
      '"data" is not a volume: the container path "data" must be absolute; expected /container/path or source:/container/path[:options]',
    );
    expect(() => parseVolumeSpec('/host:data')).toThrow(/the container path "data" must be absolute/);
  });

  it('rejects a source that is neither an absolute path nor a volume name', () => {
    expect(() => parseVolumeSpec('./site:/site')).toThrow(
      '"./site:/site" is not a volume: the source "./site" must be an absolute host path or a volume name (letters, digits, "_", "." and "-")',
    );
    expect(() => parseVolumeSpec(':/data')).toThrow(/the source is empty/);
  });

  it('rejects unknown, conflicting and misplaced options', () => {
    expect(() => parseVolumeSpec('/a:/b:rx')).toThrow(/unknown option "rx"; options are ro, rw, z, Z/);
    expect(() => parseVolumeSpec('/a:/b:ro,rw')).toThrow(/options "ro" and "rw" cannot be combined/);
    expect(() => parseVolumeSpec('vol:/b:rshared')).toThrow(/"rshared" only applies to bind mounts/);
    expect(() => parseVolumeSpec('/a:/b:nocopy')).toThrow(/"nocopy" only applies to volumes/);
    expect(() => parseVolumeSpec('/a:/b:ro,')).toThrow(/unknown option ""/);
  });

  it('rejects mounting over / and too many colons', () => {
    expect(() => parseVolumeSpec('/a:/')).toThrow(/cannot mount over the container's root/);
    expect(() => parseVolumeSpec('/a:/b:ro:z')).toThrow(InvalidSpecError);
  });
});

describe('parseMemory', () => {
  it('reads docker --memory sizes in binary units', () => {
    expect(parseMemory('500m')).toBe(500 * 1024 ** 2);
    expect(parseMemory('1g')).toBe(1024 ** 3);
    expect(parseMemory('1.5g')).toBe(1.5 * 1024 ** 3);
    expect(parseMemory('8192k')).toBe(8192 * 1024);
    expect(parseMemory('1073741824')).toBe(1073741824);
    expect(parseMemory('2GiB')).toBe(2 * 1024 ** 3);
    expect(parseMemory('64MB')).toBe(64 * 1024 ** 2);
  });

  it("enforces docker's 6m minimum", () => {
    expect(parseMemory('6m')).toBe(MIN_MEMORY_BYTES);
    expect(() => parseMemory('512k')).toThrow(
      '"512k" is too little memory: docker needs at least 6m (6291456 bytes)',
    );
  });

  it('rejects text that is not a size', () => {
    expect(() => parseMemory('lots')).toThrow(
      '"lots" is not a memory size: expected a number with an optional unit b, k, m, g or t, e.g. 512m or 1.5g',
    );
    expect(() => parseMemory('-1g')).toThrow(InvalidSpecError);
    expect(() => parseMemory('1x')).toThrow(InvalidSpecError);
  });
});

describe('parseCpus', () => {
  it('returns exact nano CPUs', () => {
    expect(parseCpus('1.5')).toBe(1_500_000_000);
    expect(parseCpus('1.1')).toBe(1_100_000_000);
    expect(parseCpus('.25')).toBe(250_000_000);
    expect(parseCpus('2')).toBe(2_000_000_000);
  });

  it('rejects zero, negatives, junk and more than 9 decimals', () => {
    expect(() => parseCpus('0')).toThrow(/must be more than 0/);
    expect(() => parseCpus('-1')).toThrow(
      '"-1" is not a number of CPUs: expected a positive decimal such as 1.5',
    );
    expect(() => parseCpus('two')).toThrow(InvalidSpecError);
    expect(() => parseCpus('.')).toThrow(InvalidSpecError);
    expect(() => parseCpus('0.0000000001')).toThrow(/too precise/);
  });
});

describe('parseRestart', () => {
  it('reads the four policies and a retry count for on-failure', () => {
    expect(parseRestart('no')).toEqual({ name: 'no', maximumRetryCount: 0 });
    expect(parseRestart('always')).toEqual({ name: 'always', maximumRetryCount: 0 });
    expect(parseRestart('unless-stopped')).toEqual({ name: 'unless-stopped', maximumRetryCount: 0 });
    expect(parseRestart('on-failure')).toEqual({ name: 'on-failure', maximumRetryCount: 0 });
    expect(parseRestart('on-failure:3')).toEqual({ name: 'on-failure', maximumRetryCount: 3 });
  });

  it('rejects unknown policies and retry counts on other policies', () => {
    expect(() => parseRestart('sometimes')).toThrow(
      '"sometimes" is not a restart policy: expected no, always, unless-stopped or on-failure[:max-retries]',
    );
    expect(() => parseRestart('always:3')).toThrow(/only on-failure takes a retry count/);
    expect(() => parseRestart('on-failure:x')).toThrow(InvalidSpecError);
  });
});

describe('parseKeyValue', () => {
  it('splits at the first "=" and allows empty values', () => {
    expect(parseKeyValue('A=1')).toEqual({ key: 'A', value: '1' });
    expect(parseKeyValue('URL=a=b')).toEqual({ key: 'URL', value: 'a=b' });
    expect(parseKeyValue('EMPTY=')).toEqual({ key: 'EMPTY', value: '' });
    expect(parseKeyValue('GREETING=hello world')).toEqual({ key: 'GREETING', value: 'hello world' });
  });

  it('rejects a missing "=", an empty key and whitespace in the key, naming what it is', () => {
    expect(() => parseKeyValue('FOO', 'an environment variable')).toThrow(
      '"FOO" is not an environment variable: "=" is missing; expected KEY=VALUE',
    );
    expect(() => parseKeyValue('=x')).toThrow(
      '"=x" is not a KEY=VALUE pair: the key is empty; expected KEY=VALUE',
    );
    expect(() => parseKeyValue('MY VAR=1')).toThrow(/the key "MY VAR" contains whitespace/);
  });
});

describe('containerFormSchema', () => {
  it('accepts a full form and defaults start to true', () => {
    const form = {
      image: 'nginx:alpine',
      name: 'web',
      command: ['nginx', '-g', 'daemon off;'],
      entrypoint: ['/docker-entrypoint.sh'],
      env: ['A=1', 'B='],
      ports: ['8080:80', '127.0.0.1:8443:443/tcp', '[::1]:5353:53/udp', '9000-9001:9000-9001'],
      publishAll: true,
      volumes: ['/data', '/srv:/srv:ro', 'logs:/var/log/nginx'],
      network: 'bridge',
      restart: 'on-failure:3',
      memory: '512m',
      cpus: '1.5',
      labels: ['team=web', 'empty='],
      workingDir: '/app',
      user: '1000:1000',
      hostname: 'web-1',
      interactive: true,
      tty: true,
      privileged: false,
      autoRemove: false,
    };
    expect(containerFormSchema.parse(form)).toEqual({ ...form, start: true });
  });

  it('requires an image', () => {
    expect(issuesOf({})).toEqual([{ path: ['image'], message: expect.any(String) }]);
    expect(issuesOf({ image: '' })).toEqual([
      { path: ['image'], message: 'Image is required, e.g. nginx:alpine' },
    ]);
  });

  it('treats empty optional text fields as unset', () => {
    expect(
      containerFormSchema.parse({
        image: 'nginx',
        name: '',
        network: '',
        restart: '',
        memory: '',
        cpus: '',
        user: '',
      }),
    ).toEqual({ image: 'nginx', start: true });
  });

  it('points each bad list element at its index with a message quoting it', () => {
    expect(issuesOf({ image: 'nginx', ports: ['80:80', '8080:80/tcpx'] })).toEqual([
      {
        path: ['ports', 1],
        message:
          '"8080:80/tcpx" is not a port mapping: expected [ip:][hostPort:]containerPort[/tcp|udp|sctp]',
      },
    ]);
    expect(issuesOf({ image: 'nginx', env: ['A=1', 'B'], volumes: ['rel'], labels: ['=x'] })).toEqual([
      { path: ['env', 1], message: '"B" is not an environment variable: "=" is missing; expected KEY=VALUE' },
      { path: ['volumes', 0], message: expect.stringContaining('"rel" is not a volume') },
      { path: ['labels', 0], message: '"=x" is not a label: the key is empty; expected KEY=VALUE' },
    ]);
  });

  it('reports every bad scalar on its own field', () => {
    const issues = issuesOf({
      image: 'Nginx',
      name: '-web',
      restart: 'sometimes',
      memory: 'lots',
      cpus: '0',
      workingDir: 'app',
      hostname: 'has space',
      network: 'my net',
      user: 'a b',
    });
    expect(issues.map((i) => i.path)).toEqual([
      ['image'],
      ['name'],
      ['network'],
      ['restart'],
      ['memory'],
      ['cpus'],
      ['workingDir'],
      ['user'],
      ['hostname'],
    ]);
    expect(issues.find((i) => i.path[0] === 'name')?.message).toBe(
      '"-web" is not a valid container name: use at least 2 letters, digits, "_", "." or "-", starting with a letter or digit',
    );
    expect(issues.find((i) => i.path[0] === 'workingDir')?.message).toMatch(/must be an absolute path/);
  });

  it('accepts docker container names, with or without a leading slash', () => {
    expect(issuesOf({ image: 'nginx', name: '/my_app.v2-1' })).toEqual([]);
    expect(issuesOf({ image: 'nginx', name: 'a' })[0]?.path).toEqual(['name']);
  });

  it('refuses a restart policy together with automatic removal, as the engine does', () => {
    expect(issuesOf({ image: 'nginx', autoRemove: true, restart: 'always' })).toEqual([
      {
        path: ['restart'],
        message:
          'Restart policy "always" cannot be combined with automatic removal (--rm): use "no" or turn removal off',
      },
    ]);
    expect(issuesOf({ image: 'nginx', autoRemove: true, restart: 'no' })).toEqual([]);
  });

  it('refuses unknown fields and wrong types', () => {
    expect(issuesOf({ image: 'nginx', cmd: ['x'] }).map((i) => i.message)).toEqual([
      'Unrecognized key: "cmd"',
    ]);
    expect(issuesOf({ image: 'nginx', ports: '80' }).map((i) => i.path)).toEqual([['ports']]);
    expect(issuesOf({ image: 'nginx', start: 'yes' }).map((i) => i.path)).toEqual([['start']]);
  });
});
