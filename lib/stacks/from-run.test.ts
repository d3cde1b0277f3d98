import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DockerRunParseError } from '@/lib/containers/docker-run';
import { addServiceToCompose, ComposeEditError, serviceFromDockerRun } from '@/lib/stacks/from-run';
import { renderComposeConfig } from '@/lib/testing/compose';

/**
 * The real Docker Compose is the oracle: each converted service is written out and rendered with
 * `docker compose config --format json` (Compose 2.26.1 here), and the fields Compose resolved are checked
 * against what the `docker run` line meant.
 */
async function rendered(yaml: string, extra: Record<string, string> = {}) {
  const { config } = await renderComposeConfig({ 'compose.yaml': yaml, ...extra });
  return config as {
    services: Record<string, Record<string, unknown>>;
    volumes?: Record<string, unknown>;
    networks?: Record<string, unknown>;
  };
}

describe('serviceFromDockerRun, checked by the real Compose', () => {
  it('carries name, ports, volumes, environment, labels, restart and network over', async () => {
    const run = serviceFromDockerRun(
      "docker run -d --name web -p 127.0.0.1:8080:80 -p 53:53/udp -v data:/usr/share/nginx/html:ro -v /srv/conf:/etc/nginx/conf.d -e TZ=Europe/Paris -e 'PW=a$b' --restart unless-stopped --network mynet -l app=web nginx:alpine",
    );
    expect(run.name).toBe('web');
    expect(run.warnings).toEqual([]);
    const config = await rendered(run.yaml);
    const web = config.services.web ?? {};
    expect(web.image).toBe('nginx:alpine');
    expect(web.container_name).toBe('web');
    expect(web.ports).toEqual([
      { mode: 'ingress', host_ip: '127.0.0.1', target: 80, published: '8080', protocol: 'tcp' },
      { mode: 'ingress', target: 53, published: '53', protocol: 'udp' },
    ]);
    expect(web.volumes).toEqual([
      { type: 'volume', source: 'data', target: '/usr/share/nginx/html', read_only: true, volume: {} },
      { type: 'bind', source: '/srv/conf', target: '/etc/nginx/conf.d', bind: { create_host_path: true } },
    ]);
    // Compose prints a literal `$` re-escaped as `$$`: the container gets `a$b`, as the shell's single quotes meant.
    expect(web.environment).toEqual({ TZ: 'Europe/Paris', PW: 'a$$b' });
    expect(web.labels).toEqual({ app: 'web' });
    expect(web.restart).toBe('unless-stopped');
    expect(web.networks).toEqual({ mynet: null });
    expect(config.networks?.mynet).toMatchObject({ name: 'mynet', external: true });
    expect(config.volumes?.data).toMatchObject({ name: 'berthtest_data' });
  });

  it('carries the command, entrypoint, user, workdir, hostname, limits and switches over', async () => {
    const run = serviceFromDockerRun(
      "docker run -it --rm --entrypoint /bin/sh -w /app -u 1000:1000 -h box -m 512m --cpus 1.5 --privileged berth-test/busybox:latest -c 'echo hi'",
    );
    expect(run.name).toBe('busybox');
    expect(run.warnings).toEqual([
      '--rm has no Compose equivalent: Compose keeps the container until "down"',
    ]);
    const service = (await rendered(run.yaml)).services.busybox ?? {};
    expect(service).toMatchObject({
      image: 'berth-test/busybox:latest',
      entrypoint: ['/bin/sh'],
      command: ['-c', 'echo hi'],
      working_dir: '/app',
      user: '1000:1000',
      hostname: 'box',
      mem_limit: String(512 * 1024 * 1024),
      cpus: 1.5,
      privileged: true,
      stdin_open: true,
      tty: true,
    });
    expect(service.container_name).toBeUndefined();
  });

  it('maps the options the container form has no field for', async () => {
    const run = serviceFromDockerRun(
      "docker run --cap-add NET_ADMIN --cap-drop ALL --device /dev/fuse --add-host db:10.0.0.2 --dns 1.1.1.1 --tmpfs /run --sysctl net.core.somaxconn=1024 --security-opt no-new-privileges --ulimit nofile=1024:2048 --ulimit nproc=512 --init --read-only --log-driver json-file --log-opt max-size=10m --health-cmd 'wget -q -O- localhost' --health-interval 30s --health-retries 3 --stop-timeout 20 --shm-size 64m --pid host --network host --env-file app.env --volumes-from other redis:7",
    );
    expect(run.warnings).toEqual([
      'env_file: put the file next to compose.yaml, or Compose refuses the stack',
    ]);
    const service = (await rendered(run.yaml, { 'app.env': 'FROM_FILE=1\n' })).services.redis ?? {};
    expect(service).toMatchObject({
      image: 'redis:7',
      network_mode: 'host',
      pid: 'host',
      cap_add: ['NET_ADMIN'],
      cap_drop: ['ALL'],
      devices: [{ source: '/dev/fuse', target: '/dev/fuse', permissions: 'rwm' }],
      extra_hosts: ['db=10.0.0.2'],
      dns: ['1.1.1.1'],
      tmpfs: ['/run'],
      sysctls: { 'net.core.somaxconn': '1024' },
      security_opt: ['no-new-privileges'],
      ulimits: { nofile: { soft: 1024, hard: 2048 }, nproc: 512 },
      init: true,
      read_only: true,
      logging: { driver: 'json-file', options: { 'max-size': '10m' } },
      healthcheck: { test: ['CMD-SHELL', 'wget -q -O- localhost'], interval: '30s', retries: 3 },
      stop_grace_period: '20s',
      shm_size: String(64 * 1024 * 1024),
      environment: { FROM_FILE: '1' },
      volumes_from: ['container:other'],
    });
  });

  it('reads docker create, --mount and an image without a tag', async () => {
    const run = serviceFromDockerRun(
      'docker create --name db -e POSTGRES_PASSWORD=secret --mount type=volume,source=pg,target=/var/lib/postgresql/data postgres',
    );
    expect(run.name).toBe('db');
    const config = await rendered(run.yaml);
    expect(config.services.db?.volumes).toEqual([
      { type: 'volume', source: 'pg', target: '/var/lib/postgresql/data' },
    ]);
    expect(config.services.db?.environment).toEqual({ POSTGRES_PASSWORD: 'secret' });
  });

  it('names a service after a registry image, and keeps shell variables for Compose to fill', async () => {
    const run = serviceFromDockerRun('docker run -e "GREETING=hi $WHO" -p 8080:80 ghcr.io/acme/Web_App:1.2');
    expect(run.name).toBe('web_app');
    expect(run.warnings.some((w) => w.includes(`\${WHO}`))).toBe(true);
    expect(run.service.environment).toEqual({ GREETING: `hi \${WHO}` });
    expect(run.yaml).toContain('- "8080:80"');
    // Compose fills ${WHO} from .env, as the shell would have from its environment.
    const config = await rendered(run.yaml.replace('ghcr.io/acme/Web_App:1.2', 'ghcr.io/acme/web_app:1.2'), {
      '.env': 'WHO=world\n',
    });
    expect(config.services.web_app?.environment).toEqual({ GREETING: 'hi world' });
  });

  it('throws DockerRunParseError for lines that are no docker run command', () => {
    expect(() => serviceFromDockerRun('docker ps')).toThrow(DockerRunParseError);
    expect(() => serviceFromDockerRun('docker run -d')).toThrow(DockerRunParseError);
    expect(() => serviceFromDockerRun('docker run nginx && rm -rf /')).toThrow(DockerRunParseError);
  });

  it('keeps warnings for what Compose cannot express', () => {
    const run = serviceFromDockerRun('docker run -P --label-file labels.txt --blkio-weight 300 nginx');
    expect(run.warnings).toEqual([
      '--label-file is not supported: the file is on your machine and Berth cannot read it; give its labels with -l key=value',
      '-P (publish all exposed ports) has no Compose equivalent: list the ports under "ports"',
    ]);
    expect(run.service.blkio_config).toEqual({ weight: 300 });
  });
});

describe('addServiceToCompose', () => {
  const existing = `# my stack
services:
  # the web server
  web:
    image: nginx:alpine # pinned
volumes:
  data: {}
`;

  it('adds the service, keeps comments, and renames it on a clash', async () => {
    const { service } = serviceFromDockerRun(
      'docker run -v data:/data -v logs:/logs --network backend nginx',
    );
    const text = addServiceToCompose(existing, 'web', service);
    expect(text).toContain('# my stack');
    expect(text).toContain('# the web server');
    expect(text).toContain('image: nginx:alpine # pinned');
    const doc = parse(text) as {
      services: Record<string, unknown>;
      volumes: Record<string, unknown>;
      networks: Record<string, unknown>;
    };
    expect(Object.keys(doc.services)).toEqual(['web', 'web-2']);
    expect(Object.keys(doc.volumes)).toEqual(['data', 'logs']);
    expect(doc.networks).toEqual({ backend: { external: true } });
    const config = await rendered(text);
    expect(Object.keys(config.services).sort()).toEqual(['web', 'web-2']);
    expect(config.services['web-2']?.volumes).toHaveLength(2);
  });

  it('takes the next free name when web-2 is taken too, and starts an empty file', () => {
    const twice = addServiceToCompose(addServiceToCompose(existing, 'web', { image: 'a' }), 'web', {
      image: 'b',
    });
    expect(Object.keys((parse(twice) as { services: object }).services)).toEqual(['web', 'web-2', 'web-3']);
    expect(parse(addServiceToCompose('', 'app', { image: 'x' }))).toEqual({
      services: { app: { image: 'x' } },
    });
    expect(parse(addServiceToCompose('# only a comment\n', 'app', { image: 'x' }))).toEqual({
      services: { app: { image: 'x' } },
    });
  });

  it('refuses text that is not YAML or whose services are not a mapping', () => {
    expect(() => addServiceToCompose('services: [', 'a', { image: 'x' })).toThrow(ComposeEditError);
    expect(() => addServiceToCompose('services: [a]\n', 'a', { image: 'x' })).toThrow(ComposeEditError);
    expect(() => addServiceToCompose('- a\n', 'a', { image: 'x' })).toThrow(ComposeEditError);
  });
});
