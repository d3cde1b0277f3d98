import { describe, expect, it } from 'vitest';
import { containerActionSchema } from '@/lib/containers/actions';
import { updateDefaults, updateInput } from '@/lib/containers/update-form';

describe('the docker update dialog', () => {
  it('starts from the container settings in the CLI syntax', () => {
    const defaults = updateDefaults({
      RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
      Memory: 512 * 1024 ** 2,
      MemorySwap: -1,
      NanoCpus: 1_500_000_000,
      PidsLimit: 0,
    });
    expect(defaults).toEqual({
      restart: 'on-failure:3',
      memory: '512m',
      memorySwap: '-1',
      cpus: '1.5',
      pidsLimit: '',
    });
    expect(updateDefaults({})).toEqual({
      restart: 'no',
      memory: '',
      memorySwap: '',
      cpus: '',
      pidsLimit: '',
    });
  });

  it('sends only what changed, and nothing when nothing did', () => {
    const initial = updateDefaults({ RestartPolicy: { Name: 'no' }, Memory: 64 * 1024 ** 2, PidsLimit: 50 });
    expect(updateInput(initial, initial)).toBeNull();
    const input = updateInput(
      { ...initial, restart: 'unless-stopped', memory: '128m', pidsLimit: '' },
      initial,
    );
    expect(input).toEqual({ action: 'update', restart: 'unless-stopped', memory: '128m', pidsLimit: -1 });
    expect(containerActionSchema.safeParse(input).success).toBe(true);
  });
});
