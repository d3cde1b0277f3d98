import { describe, expect, it } from 'vitest';
import { containerActionSchema, toCliCommand } from '@/lib/containers/actions';
import { renderContainerCommand } from '@/lib/containers/cli';

describe('docker update', () => {
  it('renders the command with each value as given', () => {
    const input = containerActionSchema.parse({
      action: 'update',
      restart: 'on-failure:3',
      memory: '64m',
      memorySwap: '-1',
      cpus: '1.5',
      pidsLimit: 100,
    });
    expect(renderContainerCommand(toCliCommand(input, 'web'))).toBe(
      'docker update --restart on-failure:3 --memory 64m --memory-swap -1 --cpus 1.5 --pids-limit 100 web',
    );
  });

  it('refuses values the CLI would refuse, with its reason, and an empty update', () => {
    const bad = containerActionSchema.safeParse({ action: 'update', memory: '3k', restart: 'always:2' });
    expect(bad.success).toBe(false);
    const messages = bad.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n') ?? '';
    expect(messages).toMatch(/memory: .*too little memory/);
    expect(messages).toMatch(/restart: .*only on-failure takes a retry count/);
    expect(containerActionSchema.safeParse({ action: 'update' }).success).toBe(false);
  });
});
