import { afterEach, describe, expect, it } from 'vitest';
import { discardServerContext } from '@/server/context';
import { acquireUploadSlot, LimitError, uploadsInFlight } from '@/server/limits';
import { reserveSocketSlot, SocketAdmission, socketsOf } from '@/server/realtime/limits';
import { OwnedKind, SubscriptionRegistry } from '@/server/realtime/registry';

const TERMINAL = new OwnedKind('terminal');
const LOGS = new OwnedKind('logs');
const terminals = { name: 'terminals', kind: TERMINAL } as const;

function refusal(fn: () => unknown): LimitError {
  try {
    fn();
  } catch (err) {
    if (err instanceof LimitError) return err;
    throw err;
  }
  throw new Error('expected a LimitError');
}

describe('per-user socket limits', () => {
  it("counts what all of a user's sockets own, and nothing of other users", () => {
    const reg = new SubscriptionRegistry();
    const sockets = [
      { id: 'a1', data: { userId: 1 } },
      { id: 'a2', data: { userId: 1 } },
      { id: 'b1', data: { userId: 2 } },
    ];
    reg.scope('a1').add(TERMINAL, 't1', () => {});
    reg.scope('a2').add(TERMINAL, 't2', () => {});
    reg.scope('a2').add(LOGS, 'l1', () => {});
    reg.scope('b1').add(TERMINAL, 't3', () => {});
    expect(socketsOf(sockets, 1)).toEqual(['a1', 'a2']);
    expect(reg.countOf(socketsOf(sockets, 1), TERMINAL)).toBe(2);
    expect(reg.countOf(socketsOf(sockets, 1), LOGS)).toBe(1);
    expect(reg.countOf(socketsOf(sockets, 2), TERMINAL)).toBe(1);
  });

  it('refuses at the bound with a 429 naming the setting; a closed one frees a slot', async () => {
    const reg = new SubscriptionRegistry();
    const owners = ['a1', 'a2'];
    const release1 = reg.scope('a1').add(TERMINAL, 't1', () => {});
    reg.scope('a2').add(TERMINAL, 't2', () => {});
    const err = refusal(() => reserveSocketSlot(reg, reg.scope('a1'), owners, terminals, 2));
    expect(err.status).toBe(429);
    expect(err.code).toBe('limit');
    expect(err.limit).toEqual({ name: 'terminals', max: 2, setting: 'limits.terminals' });
    expect(err.message).toContain('limits.terminals');
    await release1();
    expect(() => reserveSocketSlot(reg, reg.scope('a1'), owners, terminals, 2)).not.toThrow();
  });

  it('counts slots reserved by handlers still opening, so a burst cannot pass the bound', () => {
    const reg = new SubscriptionRegistry();
    const scope = reg.scope('a1');
    const r1 = reserveSocketSlot(reg, scope, ['a1'], terminals, 2);
    reserveSocketSlot(reg, scope, ['a1'], terminals, 2);
    expect(() => reserveSocketSlot(reg, scope, ['a1'], terminals, 2)).toThrow(LimitError);
    // A reservation released (its opening failed, or its entry is registered) frees its slot, once.
    r1();
    r1();
    expect(scope.countOf(TERMINAL)).toBe(1);
    expect(() => reserveSocketSlot(reg, scope, ['a1'], terminals, 2)).not.toThrow();
    expect(scope.countOf(TERMINAL)).toBe(2);
  });

  it('admits sockets per user up to the bound, counting those admitted but not connected yet', async () => {
    const admission = new SocketAdmission();
    const connected = [{ id: 'a1', data: { userId: 1 } }];
    admission.admit(connected, 1, 3);
    admission.admit(connected, 1, 3);
    // Two admitted in this tick and one connected: the fourth is refused before any is connected.
    expect(refusal(() => admission.admit(connected, 1, 3)).limit?.name).toBe('sockets');
    expect(() => admission.admit(connected, 2, 3)).not.toThrow();
    // A tick later the admitted ones are connected (or failed): only the connected count.
    await new Promise((r) => setImmediate(r));
    expect(() => admission.admit(connected, 1, 3)).not.toThrow();
  });
});

describe('uploads in flight', () => {
  afterEach(() => discardServerContext());

  it('holds a slot per upload, refuses past the bound with 429, and frees on release (once)', () => {
    const a = acquireUploadSlot(7, 2);
    acquireUploadSlot(7, 2);
    expect(uploadsInFlight(7)).toBe(2);
    const err = refusal(() => acquireUploadSlot(7, 2));
    expect(err.status).toBe(429);
    expect(err.limit?.setting).toBe('limits.uploads');
    // Another user is not held back.
    expect(() => acquireUploadSlot(8, 2)).not.toThrow();
    a();
    a();
    expect(uploadsInFlight(7)).toBe(1);
    expect(() => acquireUploadSlot(7, 2)).not.toThrow();
  });
});
