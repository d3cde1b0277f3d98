import { describe, expect, it } from 'vitest';
import { settleEach } from '@/components/api/bulk';

describe('settleEach', () => {
  it('reports which items succeeded and why the others failed', async () => {
    const outcome = await settleEach(
      [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
      (v) => v.name,
      async (v) => {
        if (v.name === 'b') throw new Error('volume is in use');
      },
    );
    expect(outcome).toEqual({ done: ['a', 'c'], failed: [{ key: 'b', message: 'volume is in use' }] });
  });

  it('fails as a whole, with every message, when no item succeeded', async () => {
    await expect(
      settleEach(
        ['x', 'y'],
        (v) => v,
        async (v) => Promise.reject(new Error(`no ${v}`)),
      ),
    ).rejects.toThrow('no x\nno y');
  });

  it('succeeds with nothing to do', async () => {
    await expect(settleEach([], String, async () => {})).resolves.toEqual({ done: [], failed: [] });
  });
});
