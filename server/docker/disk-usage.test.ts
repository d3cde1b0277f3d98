import { describe, expect, it } from 'vitest';
import { retryWhileBusy } from '@/server/docker/disk-usage';

const busy = () => new Error('(HTTP code 500) server error - a disk usage operation is already running');

describe('retryWhileBusy', () => {
  it("waits out another client's system df, then answers", async () => {
    let calls = 0;
    const value = await retryWhileBusy(async () => {
      calls++;
      if (calls < 3) throw busy();
      return 'measured';
    }, [1, 1, 1]);
    expect(value).toBe('measured');
    expect(calls).toBe(3);
  });

  it('gives up after its pauses with the last busy error', async () => {
    let calls = 0;
    const failing = retryWhileBusy(async () => {
      calls++;
      throw busy();
    }, [1, 1]);
    await expect(failing).rejects.toThrow('already running');
    expect(calls).toBe(3);
  });

  it('does not retry any other error', async () => {
    let calls = 0;
    const failing = retryWhileBusy(async () => {
      calls++;
      throw new Error('connect ENOENT /var/run/docker.sock');
    }, [1, 1]);
    await expect(failing).rejects.toThrow('ENOENT');
    expect(calls).toBe(1);
  });
});
