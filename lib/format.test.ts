import { describe, expect, it } from 'vitest';
import { formatBytes, formatRelative, shortId } from '@/lib/format';

describe('formatBytes', () => {
  it('uses decimal units as docker does', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1_500)).toBe('1.5 KB');
    expect(formatBytes(524_288_000)).toBe('524 MB');
    expect(formatBytes(2_000_000_000)).toBe('2 GB');
  });
  it('shows a dash for unknown sizes', () => {
    expect(formatBytes(-1)).toBe('—');
  });
});

describe('formatRelative', () => {
  it('speaks the viewer language', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(formatRelative(now - 3 * 60_000, 'en', now)).toBe('3 minutes ago');
    expect(formatRelative(now - 2 * 86_400_000, 'zh-CN', now)).toBe('前天');
  });
});

describe('shortId', () => {
  it('drops the digest algorithm and keeps 12 characters', () => {
    expect(shortId('sha256:0123456789abcdef0123')).toBe('0123456789ab');
  });
});
