import { describe, expect, it } from 'vitest';
import { execStartSchema, renderExecCommand } from '@/lib/exec/types';

describe('exec', () => {
  it('renders the docker exec line of a terminal session', () => {
    expect(renderExecCommand({ name: 'web' })).toBe('docker exec -it web sh');
    expect(renderExecCommand({ name: 'web', user: 'root', workdir: '/app', command: ['bash', '-l'] })).toBe(
      'docker exec -it -u root -w /app web bash -l',
    );
    expect(renderExecCommand({ name: 'web', command: ['sh', '-c', 'echo hi there'] })).toBe(
      "docker exec -it web sh -c 'echo hi there'",
    );
  });

  it('refuses a relative working dir and a user with spaces', () => {
    expect(execStartSchema.safeParse({ containerId: 'web', workdir: 'app' }).success).toBe(false);
    expect(execStartSchema.safeParse({ containerId: 'web', user: 'root; rm' }).success).toBe(false);
    expect(execStartSchema.parse({ containerId: 'web' })).toMatchObject({ cols: 80, rows: 24 });
  });
});
