import { describe, expect, it } from 'vitest';
import { renderStackCommand, stackCommandArgs, stackProjectArgs } from '@/lib/stacks/cli';

describe('the docker compose command of a stack action', () => {
  it('deploys detached, with each option as its Compose flag', () => {
    expect(
      renderStackCommand('shop', 'up', {
        pull: true,
        build: true,
        forceRecreate: true,
        removeOrphans: true,
        scale: { web: 3 },
        services: ['web'],
      }),
    ).toBe(
      'docker compose -p shop up -d --pull always --build --force-recreate --remove-orphans --scale web=3 web',
    );
    expect(renderStackCommand('shop', 'up')).toBe('docker compose -p shop up -d');
  });

  it('takes down with -v only when volumes are asked for', () => {
    expect(renderStackCommand('shop', 'down')).toBe('docker compose -p shop down');
    expect(renderStackCommand('shop', 'down', { volumes: true, removeOrphans: true })).toBe(
      'docker compose -p shop down -v --remove-orphans',
    );
  });

  it('limits stop, start, restart and pull to the services given', () => {
    expect(renderStackCommand('s1', 'restart', { services: ['db', 'web'] })).toBe(
      'docker compose -p s1 restart db web',
    );
    expect(renderStackCommand('s1', 'pull')).toBe('docker compose -p s1 pull');
    // Options without a flag for the action are left out rather than passed to Compose.
    expect(renderStackCommand('s1', 'stop', { pull: true, volumes: true })).toBe('docker compose -p s1 stop');
  });

  it('renders the same words it hands to the binary', () => {
    const args = stackCommandArgs('a_b-1', 'up', { scale: { 'my.svc': 0 } });
    expect(args).toEqual(['-p', 'a_b-1', 'up', '-d', '--scale', 'my.svc=0']);
    expect(renderStackCommand('a_b-1', 'up', { scale: { 'my.svc': 0 } })).toBe(
      ['docker', 'compose', ...args].join(' '),
    );
  });
});

describe('stackProjectArgs', () => {
  it('adds nothing for a stack run from its own folder', () => {
    expect(stackProjectArgs('web')).toEqual(['-p', 'web']);
  });

  it("names an adopted stack's project folder, Berth's files and .env", () => {
    const location = {
      projectDir: '/srv/app',
      files: ['/d/stacks/app/compose.yaml'],
      envFile: '/d/stacks/app/.env',
    };
    expect(stackProjectArgs('app', location)).toEqual([
      '-p',
      'app',
      '--project-directory',
      '/srv/app',
      '-f',
      '/d/stacks/app/compose.yaml',
      '--env-file',
      '/d/stacks/app/.env',
    ]);
    expect(renderStackCommand('app', 'up', {}, location)).toBe(
      'docker compose -p app --project-directory /srv/app -f /d/stacks/app/compose.yaml --env-file /d/stacks/app/.env up -d',
    );
  });
});
