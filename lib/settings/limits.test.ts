import { describe, expect, it } from 'vitest';
import { applySettingsPatch, appSettingsPatchSchema, appSettingsSchema } from '@/lib/settings/app';
import {
  DEFAULT_LIMITS,
  idleMessage,
  limitMessage,
  limitsSettingsSchema,
  overLimit,
} from '@/lib/settings/limits';

describe('limits settings', () => {
  it('defaults to the documented bounds when nothing is stored', () => {
    expect(appSettingsSchema.parse({}).limits).toEqual({
      sockets: 64,
      terminals: 32,
      logs: 50,
      stats: 50,
      uploads: 4,
      jobs: 8,
      terminalIdleSeconds: 1800,
    });
    expect(limitsSettingsSchema.parse({ terminals: 3 })).toEqual({ ...DEFAULT_LIMITS, terminals: 3 });
  });

  it('refuses a bound under one, a fraction, and an idle time below zero; 0 turns idle closing off', () => {
    expect(limitsSettingsSchema.safeParse({ sockets: 0 }).success).toBe(false);
    expect(limitsSettingsSchema.safeParse({ logs: 1.5 }).success).toBe(false);
    expect(limitsSettingsSchema.safeParse({ terminalIdleSeconds: -1 }).success).toBe(false);
    expect(limitsSettingsSchema.parse({ terminalIdleSeconds: 0 }).terminalIdleSeconds).toBe(0);
    expect(limitsSettingsSchema.parse({ terminalIdleSeconds: 2 }).terminalIdleSeconds).toBe(2);
  });

  it('refuses the next one once as many as the bound are held', () => {
    expect(overLimit(0, 1)).toBe(false);
    expect(overLimit(9, 10)).toBe(false);
    expect(overLimit(10, 10)).toBe(true);
    expect(overLimit(11, 10)).toBe(true);
  });

  it('names the limit, its value and the setting in the refusal and the idle close', () => {
    const m = limitMessage('terminals', 10);
    expect(m).toContain('at most 10 open terminals');
    expect(m).toContain('limits.terminals');
    expect(limitMessage('uploads', 4)).toContain('limits.uploads');
    expect(idleMessage(1800)).toMatch(/^Closed after 30 minutes without input or output/);
    expect(idleMessage(60)).toContain('1 minute without');
    expect(idleMessage(2)).toContain('2 seconds without');
    expect(idleMessage(2)).toContain('limits.terminalIdleSeconds');
  });
});

describe('a settings patch', () => {
  it('changes only the fields it names in a grouped setting, keeping earlier choices', () => {
    const current = appSettingsSchema.parse({
      limits: { terminals: 3, logs: 7 },
      security: { allowPrivileged: true, allowDevices: true },
    });
    const patch = appSettingsPatchSchema.parse({ limits: { sockets: 9 }, security: { allowDevices: false } });
    const next = applySettingsPatch(current, patch);
    expect(next.limits).toEqual({ ...DEFAULT_LIMITS, terminals: 3, logs: 7, sockets: 9 });
    expect(next.security.allowPrivileged).toBe(true);
    expect(next.security.allowDevices).toBe(false);
    expect(next.viewerAccess).toEqual(current.viewerAccess);
  });

  it('refuses a bad field without filling in the others', () => {
    expect(appSettingsPatchSchema.safeParse({ limits: { sockets: 0 } }).success).toBe(false);
    expect(appSettingsPatchSchema.parse({ limits: {} })).toEqual({ limits: {} });
  });
});
