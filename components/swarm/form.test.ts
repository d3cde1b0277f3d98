import { describe, expect, it } from 'vitest';
import {
  bytesToBase64,
  EMPTY_SERVICE_FORM,
  formatKeyValues,
  parseFileRef,
  parseKeyValues,
  parseMountLine,
  parsePortLine,
  portText,
  replicasText,
  sortTasks,
  tasksSettled,
  toServiceCreate,
} from '@/components/swarm/form';
import { serviceCreateSchema } from '@/lib/swarm/schemas';

describe('key=value lines', () => {
  it('reads key=value and bare keys, skipping blank lines, keeping = in values', () => {
    expect(parseKeyValues('a=1\n\n  b = two \nflag\nurl=x=y')).toEqual({
      a: '1',
      b: 'two',
      flag: '',
      url: 'x=y',
    });
  });
  it('round-trips through formatKeyValues', () => {
    const labels = { zone: 'b', flag: '' };
    expect(parseKeyValues(formatKeyValues(labels))).toEqual(labels);
    expect(formatKeyValues(labels)).toBe('zone=b\nflag');
  });
  it('drops a line with no key', () => {
    expect(parseKeyValues('=value')).toEqual({});
  });
});

describe('ports, mounts, file references', () => {
  it('reads published:target/protocol mode', () => {
    expect(parsePortLine('8080:80')).toEqual({
      published: 8080,
      target: 80,
      protocol: 'tcp',
      mode: 'ingress',
    });
    expect(parsePortLine('53/udp host')).toEqual({ target: 53, protocol: 'udp', mode: 'host' });
    expect(parsePortLine('9000:9000/TCP HOST')).toEqual({
      published: 9000,
      target: 9000,
      protocol: 'tcp',
      mode: 'host',
    });
    expect(parsePortLine('80:')).toBeNull();
    expect(parsePortLine('http')).toBeNull();
  });
  it('reads the CLI --mount syntax', () => {
    expect(parseMountLine('type=volume,source=data,target=/data,readonly')).toEqual({
      type: 'volume',
      source: 'data',
      target: '/data',
      readOnly: true,
    });
    expect(parseMountLine('type=tmpfs,dst=/tmp')).toEqual({ type: 'tmpfs', target: '/tmp', readOnly: false });
    expect(parseMountLine('type=nfs,target=/x')).toBeNull();
    expect(parseMountLine('source=data')).toBeNull();
  });
  it('reads name or name:target', () => {
    expect(parseFileRef('db-pass')).toEqual({ name: 'db-pass' });
    expect(parseFileRef('db-pass:/run/pw')).toEqual({ name: 'db-pass', target: '/run/pw' });
  });
});

describe('toServiceCreate', () => {
  it('builds a body the schema accepts, leaving empty fields out', () => {
    const { body, bad } = toServiceCreate({
      ...EMPTY_SERVICE_FORM,
      name: ' web ',
      image: 'berth-test/busybox:latest',
      replicas: '2',
      command: "sh -c 'while true; do echo tick; sleep 1; done'",
      env: 'A=1\n\nB=2',
      labels: 'berth.test.swarmui=1',
      ports: '8080:80 host',
      noResolveImage: true,
    });
    expect(bad).toEqual({});
    expect(body).toEqual({
      name: 'web',
      image: 'berth-test/busybox:latest',
      mode: 'replicated',
      replicas: 2,
      command: ['sh', '-c', 'while true; do echo tick; sleep 1; done'],
      env: ['A=1', 'B=2'],
      labels: { 'berth.test.swarmui': '1' },
      ports: [{ published: 8080, target: 80, protocol: 'tcp', mode: 'host' }],
      noResolveImage: true,
    });
    expect(serviceCreateSchema.safeParse(body).success).toBe(true);
  });
  it('reports unreadable lines by number and a bad replica count', () => {
    const { bad, body } = toServiceCreate({
      ...EMPTY_SERVICE_FORM,
      replicas: 'two',
      ports: '80\nnope\n81',
      mounts: 'type=bind',
    });
    expect(bad).toEqual({ replicas: [1], ports: [2], mounts: [1] });
    expect(body.ports).toHaveLength(2);
  });
  it('global mode has no replicas', () => {
    expect(toServiceCreate({ ...EMPTY_SERVICE_FORM, mode: 'global', replicas: '' }).body).not.toHaveProperty(
      'replicas',
    );
  });
});

describe('formatters', () => {
  it('replicas and ports as the CLI prints them', () => {
    expect(replicasText(2, 3)).toBe('2/3');
    expect(portText({ target: 80, published: 8080, protocol: 'tcp', mode: 'ingress' })).toBe('8080:80/tcp');
    expect(portText({ target: 53, published: null, protocol: 'udp', mode: 'host' })).toBe('53/udp (host)');
  });
  it('tasks are settled when each is where it should be', () => {
    expect(tasksSettled([])).toBe(true);
    expect(
      tasksSettled([
        { state: 'running', desiredState: 'running' },
        { state: 'shutdown', desiredState: 'shutdown' },
        { state: 'failed', desiredState: 'shutdown' },
      ]),
    ).toBe(true);
    expect(tasksSettled([{ state: 'preparing', desiredState: 'running' }])).toBe(false);
    expect(tasksSettled([{ state: 'running', desiredState: 'shutdown' }])).toBe(false);
  });
  it('sorts tasks that should run first, by slot, then newest', () => {
    const sorted = sortTasks([
      { desiredState: 'shutdown', slot: 1, updatedAt: '2026-01-01T00:00:00Z' },
      { desiredState: 'running', slot: 2, updatedAt: '2026-01-01T00:00:00Z' },
      { desiredState: 'running', slot: 1, updatedAt: '2026-01-01T00:00:00Z' },
      { desiredState: 'shutdown', slot: 1, updatedAt: '2026-01-02T00:00:00Z' },
    ]);
    expect(sorted.map((t) => `${t.desiredState}${t.slot}${t.updatedAt.slice(9, 10)}`)).toEqual([
      'running11',
      'running21',
      'shutdown12',
      'shutdown11',
    ]);
  });
  it('base64 of bytes', () => {
    expect(bytesToBase64(new TextEncoder().encode('hello'))).toBe('aGVsbG8=');
    expect(bytesToBase64(new Uint8Array([0, 255]))).toBe('AP8=');
  });
});
