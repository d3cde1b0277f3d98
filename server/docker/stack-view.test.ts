import { describe, expect, it } from 'vitest';
import {
  changedServices,
  groupProjects,
  LABEL,
  mergeStacks,
  parseConfigHashes,
  type RawContainer,
  stackStatus,
  toStackServices,
} from '@/server/docker/stack-view';

function container(
  id: string,
  project: string,
  service: string,
  state = 'running',
  extra: Record<string, string> = {},
  ports: RawContainer['Ports'] = [],
): RawContainer {
  return {
    Id: id,
    Names: [`/${project}-${service}-1`],
    Image: 'busybox',
    State: state,
    Status: state === 'running' ? 'Up 1 minute' : 'Exited (0)',
    Labels: {
      [LABEL.project]: project,
      [LABEL.service]: service,
      [LABEL.number]: '1',
      [LABEL.configFiles]: `/srv/${project}/compose.yaml`,
      [LABEL.workingDir]: `/srv/${project}`,
      [LABEL.configHash]: `hash-${service}`,
      ...extra,
    },
    Ports: ports,
  };
}

describe('Compose projects read from container labels', () => {
  it('groups containers by project with their files, folder and published ports', () => {
    const projects = groupProjects([
      container('a', 'shop', 'web', 'running', {}, [
        { IP: '127.0.0.1', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
        { IP: '', PrivatePort: 9000, PublicPort: 0, Type: 'tcp' } as never,
      ]),
      container('b', 'shop', 'db', 'exited'),
      container('c', 'blog', 'app'),
      {
        ...container('d', 'shop', 'web'),
        Labels: { ...container('d', 'shop', 'web').Labels, [LABEL.oneoff]: 'True' },
      },
    ]);
    expect([...projects.keys()].sort()).toEqual(['blog', 'shop']);
    const shop = projects.get('shop');
    expect(shop?.containers.map((c) => c.service)).toEqual(['db', 'web']);
    expect(shop?.configFiles).toEqual(['/srv/shop/compose.yaml']);
    expect(shop?.workingDir).toBe('/srv/shop');
    expect(shop?.ports).toEqual([
      { service: 'web', hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
    ]);
  });

  it('says running, partial or stopped from the containers that run', () => {
    expect(stackStatus(2, 2)).toBe('running');
    expect(stackStatus(1, 2)).toBe('partial');
    expect(stackStatus(0, 2)).toBe('stopped');
    expect(stackStatus(0, 0)).toBe('stopped');
  });

  it('merges stored stacks with engine projects: saved never deployed is stopped, unknown is external', () => {
    const projects = groupProjects([container('a', 'shop', 'web'), container('c', 'blog', 'app')]);
    const list = mergeStacks(projects, [
      { name: 'shop', origin: 'berth', updatedAt: 5, services: ['db', 'web'] },
      { name: 'draft', origin: 'berth', updatedAt: 6, services: ['x'] },
    ]);
    expect(list.map((s) => [s.name, s.origin, s.status, s.containers])).toEqual([
      ['blog', 'external', 'running', 1],
      ['draft', 'berth', 'stopped', 0],
      ['shop', 'berth', 'running', 1],
    ]);
    expect(list.find((s) => s.name === 'shop')?.services).toEqual(['db', 'web']);
    expect(list.find((s) => s.name === 'blog')?.configFiles).toEqual(['/srv/blog/compose.yaml']);
  });

  it('lists services with their containers and the replicas the file asks for', () => {
    const project = groupProjects([container('a', 'shop', 'web')]).get('shop');
    const services = toStackServices(
      ['db', 'web'],
      project?.containers ?? [],
      { db: 'postgres' },
      { web: 2 },
    );
    expect(services.map((s) => [s.name, s.image, s.running, s.desired])).toEqual([
      ['db', 'postgres', 0, 1],
      ['web', 'busybox', 1, 2],
    ]);
  });

  it('finds the services whose containers run another config than the files', () => {
    const project = groupProjects([container('a', 'shop', 'web'), container('b', 'shop', 'db')]).get('shop');
    const hashes = parseConfigHashes('web hash-web\ndb hash-db-new\ncache hash-cache\n');
    expect(changedServices(project, hashes)).toEqual(['cache', 'db']);
  });
});
