import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { ENV_VALUE_MASK } from '@/lib/containers/env';
import { engineTime, toContainerDetail } from '@/server/docker/container-view';

const inspect = (over: Record<string, unknown> = {}): Docker.ContainerInspectInfo =>
  ({
    Id: 'abc123',
    Name: '/web',
    Created: '2026-01-02T03:04:05.123456789Z',
    RestartCount: 2,
    State: {
      Status: 'exited',
      Running: false,
      Paused: false,
      ExitCode: 137,
      StartedAt: '2026-01-02T03:04:06Z',
      FinishedAt: '0001-01-01T00:00:00Z',
    },
    Config: { Image: 'nginx:1', Entrypoint: ['/docker-entrypoint.sh'], Cmd: ['nginx', '-g', 'daemon off;'] },
    HostConfig: { RestartPolicy: { Name: '', MaximumRetryCount: 0 } },
    NetworkSettings: {
      Ports: { '80/tcp': [{ HostIp: '', HostPort: '8080' }], '443/tcp': null },
      Networks: { bridge: { IPAddress: '172.17.0.2' } },
    },
    Mounts: [
      { Name: 'data', Source: '/var/lib/docker/volumes/data/_data', Destination: '/data', RW: true },
      { Source: '/etc/hosts', Destination: '/etc/hosts', RW: false },
    ],
    ...over,
  }) as unknown as Docker.ContainerInspectInfo;

describe('container detail view', () => {
  it('reads the engine zero time as never', () => {
    expect(engineTime('0001-01-01T00:00:00Z')).toBeNull();
    expect(engineTime('')).toBeNull();
    expect(engineTime('2026-01-02T03:04:05Z')).toBe('2026-01-02T03:04:05Z');
  });

  it('maps what the overview shows and keeps the raw inspect JSON for its tab', () => {
    const raw = inspect();
    const view = toContainerDetail(raw, { maskEnv: false });
    expect(view).toMatchObject({
      id: 'abc123',
      name: 'web',
      image: 'nginx:1',
      command: '/docker-entrypoint.sh nginx -g daemon off;',
      state: 'exited',
      running: false,
      exitCode: 137,
      startedAt: '2026-01-02T03:04:06Z',
      finishedAt: null,
      restartCount: 2,
      restartPolicy: 'no',
      networks: [{ name: 'bridge', ip: '172.17.0.2' }],
      health: null,
    });
    expect(view.inspect).toBe(raw);
  });

  it('lists a published port by its binding and an unpublished one by itself', () => {
    expect(toContainerDetail(inspect(), { maskEnv: false }).ports).toEqual([
      { port: '80/tcp', hostIp: '', hostPort: '8080' },
      { port: '443/tcp', hostIp: '', hostPort: null },
    ]);
  });

  it('names a volume mount by its volume and marks read-only mounts', () => {
    expect(toContainerDetail(inspect(), { maskEnv: false }).mounts).toEqual([
      { source: 'data', destination: '/data', readOnly: false },
      { source: '/etc/hosts', destination: '/etc/hosts', readOnly: true },
    ]);
  });

  it('keeps the last five health probes, their output trimmed', () => {
    const probes = Array.from({ length: 7 }, (_, i) => ({
      Start: `2026-01-02T03:04:0${i}Z`,
      End: '',
      ExitCode: i % 2,
      Output: ` probe ${i}\n`,
    }));
    const base = inspect();
    const view = toContainerDetail(
      {
        ...base,
        State: { ...base.State, Health: { Status: 'unhealthy', FailingStreak: 3, Log: probes } },
      } as Docker.ContainerInspectInfo,
      { maskEnv: false },
    );
    expect(view.health?.status).toBe('unhealthy');
    expect(view.health?.failingStreak).toBe(3);
    expect(view.health?.log.map((l) => l.output)).toEqual([
      'probe 2',
      'probe 3',
      'probe 4',
      'probe 5',
      'probe 6',
    ]);
  });

  it('shows environment values to a caller who may read them', () => {
    const raw = inspect({ Config: { Image: 'app', Env: ['SECRET=hunter2', 'PATH=/usr/bin'] } });
    const view = toContainerDetail(raw, { maskEnv: false });
    expect(view.env).toEqual([
      { name: 'SECRET', value: 'hunter2' },
      { name: 'PATH', value: '/usr/bin' },
    ]);
    expect(view.inspect).toBe(raw);
  });

  it('masks environment values in the list and in the inspect JSON, and leaves the engine object alone', () => {
    const raw = inspect({ Config: { Image: 'app', Env: ['SECRET=hunter2', 'DSN=a=b'] } });
    const view = toContainerDetail(raw, { maskEnv: true });
    expect(view.env).toEqual([
      { name: 'SECRET', value: null },
      { name: 'DSN', value: null },
    ]);
    expect((view.inspect.Config as { Env: string[] }).Env).toEqual([
      `SECRET=${ENV_VALUE_MASK}`,
      `DSN=${ENV_VALUE_MASK}`,
    ]);
    expect(JSON.stringify(view)).not.toContain('hunter2');
    expect(raw.Config.Env).toEqual(['SECRET=hunter2', 'DSN=a=b']);
    expect(view.inspect.Name).toBe('/web');
  });

  it('answers an empty list for a container without an environment', () => {
    expect(toContainerDetail(inspect(), { maskEnv: true }).env).toEqual([]);
  });
});
