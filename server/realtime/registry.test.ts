import { describe, expect, it } from 'vitest';
import { OwnedKind, SubscriptionRegistry } from '@/server/realtime/registry';

const STREAM = new OwnedKind('stream');
const SESSION = new OwnedKind<{ name: string }>('session');

describe('SubscriptionRegistry', () => {
  it('disposes everything a socket owns when it disconnects, and nothing of other sockets', async () => {
    const reg = new SubscriptionRegistry();
    const closed: string[] = [];
    reg.scope('a').add(STREAM, '1', () => void closed.push('a1'));
    reg.scope('a').add(STREAM, '2', () => void closed.push('a2'));
    reg.scope('b').add(STREAM, '1', () => void closed.push('b1'));
    await reg.disposeOwner('a');
    expect(closed.sort()).toEqual(['a1', 'a2']);
    expect(reg.count('a')).toBe(0);
    expect(reg.count('b')).toBe(1);
  });

  it('releases one subscription that ended by itself exactly once', async () => {
    const reg = new SubscriptionRegistry();
    let calls = 0;
    const release = reg.scope('a').add(STREAM, '1', () => void calls++);
    await release();
    await release();
    await reg.disposeAll();
    expect(calls).toBe(1);
  });

  it('disposes every owner on shutdown even when one disposer throws', async () => {
    const reg = new SubscriptionRegistry();
    const closed: string[] = [];
    reg.scope('a').add(STREAM, '1', () => {
      throw new Error('stream already gone');
    });
    reg.scope('b').add(STREAM, '1', () => void closed.push('b'));
    await reg.disposeAll();
    expect(closed).toEqual(['b']);
    expect(reg.count()).toBe(0);
  });

  it('disposes at once what is added to a scope after its socket disconnected, and keeps nothing of it', async () => {
    const reg = new SubscriptionRegistry();
    const scope = reg.scope('a');
    await reg.disposeOwner('a');
    expect(scope.closed).toBe(true);
    let disposed = false;
    scope.add(STREAM, 'late', () => {
      disposed = true;
    });
    await Promise.resolve();
    expect(disposed).toBe(true);
    expect(scope.has(STREAM, 'late')).toBe(false);
    expect(reg.count()).toBe(0);
  });

  it('opens every scope closed once the server has shut down', async () => {
    const reg = new SubscriptionRegistry();
    await reg.disposeAll();
    const scope = reg.scope('late-socket');
    expect(scope.closed).toBe(true);
    let disposed = false;
    scope.add(STREAM, '1', () => {
      disposed = true;
    });
    await Promise.resolve();
    expect(disposed).toBe(true);
  });

  it('finds what a socket owns by kind and id, and not under another kind or after release', async () => {
    const scope = new SubscriptionRegistry().scope('a');
    scope.add(SESSION, 'x', () => {}, { name: 'shell' });
    scope.add(STREAM, 'x', () => {});
    expect(scope.get(SESSION, 'x')?.name).toBe('shell');
    expect(await scope.release(SESSION, 'x')).toBe(true);
    expect(scope.get(SESSION, 'x')).toBeUndefined();
    expect(scope.has(STREAM, 'x')).toBe(true);
    expect(await scope.release(SESSION, 'x')).toBe(false);
  });
});
