import { describe, expect, it } from 'vitest';
import { SubscriptionRegistry } from '@/server/realtime/registry';

describe('SubscriptionRegistry', () => {
  it('disposes everything a socket owns when it disconnects, and nothing of other sockets', async () => {
    const reg = new SubscriptionRegistry();
    const closed: string[] = [];
    reg.add('a', () => void closed.push('a1'));
    reg.add('a', () => void closed.push('a2'));
    reg.add('b', () => void closed.push('b1'));
    await reg.disposeOwner('a');
    expect(closed.sort()).toEqual(['a1', 'a2']);
    expect(reg.count('a')).toBe(0);
    expect(reg.count('b')).toBe(1);
  });

  it('releases one subscription that ended by itself exactly once', async () => {
    const reg = new SubscriptionRegistry();
    let calls = 0;
    const release = reg.add('a', () => void calls++);
    await release();
    await release();
    await reg.disposeAll();
    expect(calls).toBe(1);
  });

  it('disposes every owner on shutdown even when one disposer throws', async () => {
    const reg = new SubscriptionRegistry();
    const closed: string[] = [];
    reg.add('a', () => {
      throw new Error('stream already gone');
    });
    reg.add('b', () => void closed.push('b'));
    await reg.disposeAll();
    expect(closed).toEqual(['b']);
    expect(reg.count()).toBe(0);
  });
});
