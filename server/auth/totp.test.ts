import { Secret, TOTP, URI } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { createTotpSecret, totpQrDataUrl, totpUri, verifyTotp } from './totp';

const STEP = 30_000;
// A fixed instant in the middle of a 30 s step, so ±1 step stays unambiguous.
const NOW = 1_750_000_005_000;
const COUNTER = Math.floor(NOW / STEP);

function codeAt(secret: string, timestamp: number): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp });
}

describe('createTotpSecret', () => {
  it('returns 20 random bytes as base32', () => {
    const secret = createTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(Secret.fromBase32(secret).bytes).toHaveLength(20);
  });

  it('never repeats', () => {
    expect(new Set(Array.from({ length: 50 }, createTotpSecret)).size).toBe(50);
  });
});

describe('totpUri', () => {
  it('describes a 6-digit SHA1 30-second TOTP issued by Berth', () => {
    const secret = createTotpSecret();
    const uri = totpUri({ secret, account: 'alice' });
    expect(uri.startsWith('otpauth://totp/Berth:alice?')).toBe(true);
    const parsed = URI.parse(uri);
    expect(parsed).toBeInstanceOf(TOTP);
    expect(parsed).toMatchObject({
      issuer: 'Berth',
      label: 'alice',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    });
    expect(parsed.secret.base32).toBe(secret);
  });

  it('uses the given issuer and escapes the account name', () => {
    const uri = totpUri({
      secret: createTotpSecret(),
      account: 'bob smith@example.com',
      issuer: 'Berth (lab)',
    });
    expect(URI.parse(uri)).toMatchObject({ issuer: 'Berth (lab)', label: 'bob smith@example.com' });
  });
});

describe('totpQrDataUrl', () => {
  it('renders the URI as a PNG data URL', async () => {
    const url = await totpQrDataUrl(totpUri({ secret: createTotpSecret(), account: 'alice' }));
    expect(url).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
  });
});

describe('verifyTotp', () => {
  const secret = createTotpSecret();

  it('accepts the current code and returns its time-step counter', () => {
    expect(verifyTotp({ secret, token: codeAt(secret, NOW), now: NOW })).toEqual({
      ok: true,
      counter: COUNTER,
    });
  });

  it('tolerates one step of clock drift either way, and no more', () => {
    expect(verifyTotp({ secret, token: codeAt(secret, NOW - STEP), now: NOW })).toEqual({
      ok: true,
      counter: COUNTER - 1,
    });
    expect(verifyTotp({ secret, token: codeAt(secret, NOW + STEP), now: NOW })).toEqual({
      ok: true,
      counter: COUNTER + 1,
    });
    expect(verifyTotp({ secret, token: codeAt(secret, NOW - 2 * STEP), now: NOW })).toEqual({ ok: false });
    expect(verifyTotp({ secret, token: codeAt(secret, NOW + 2 * STEP), now: NOW })).toEqual({ ok: false });
  });

  it('refuses a code whose step was already used, or an earlier one (replay protection)', () => {
    const token = codeAt(secret, NOW);
    expect(verifyTotp({ secret, token, lastUsedCounter: COUNTER, now: NOW })).toEqual({ ok: false });
    expect(verifyTotp({ secret, token, lastUsedCounter: COUNTER + 1, now: NOW })).toEqual({ ok: false });
    const previous = codeAt(secret, NOW - STEP);
    expect(verifyTotp({ secret, token: previous, lastUsedCounter: COUNTER - 1, now: NOW })).toEqual({
      ok: false,
    });
  });

  it('accepts a code newer than the last used one', () => {
    const token = codeAt(secret, NOW);
    expect(verifyTotp({ secret, token, lastUsedCounter: COUNTER - 1, now: NOW })).toEqual({
      ok: true,
      counter: COUNTER,
    });
    expect(verifyTotp({ secret, token, lastUsedCounter: null, now: NOW })).toEqual({
      ok: true,
      counter: COUNTER,
    });
  });

  it('ignores spaces in the code', () => {
    const token = codeAt(secret, NOW);
    const spaced = ` ${token.slice(0, 3)} ${token.slice(3)} `;
    expect(verifyTotp({ secret, token: spaced, now: NOW })).toEqual({ ok: true, counter: COUNTER });
  });

  it('refuses codes that are not exactly 6 digits', () => {
    const token = codeAt(secret, NOW);
    for (const bad of [
      '',
      token.slice(0, 5),
      `${token}0`,
      'abcdef',
      `${token.slice(0, 5)}x`,
      `-${token.slice(1)}`,
    ]) {
      expect(verifyTotp({ secret, token: bad, now: NOW })).toEqual({ ok: false });
    }
  });

  it('refuses a code made with another secret', () => {
    expect(verifyTotp({ secret, token: codeAt(createTotpSecret(), NOW), now: NOW })).toEqual({ ok: false });
  });

  it('returns ok: false rather than throwing for a malformed secret', () => {
    expect(verifyTotp({ secret: 'not base32!', token: '123456', now: NOW })).toEqual({ ok: false });
    expect(verifyTotp({ secret: '', token: '123456', now: NOW })).toEqual({ ok: false });
  });

  it('uses the current time by default', () => {
    expect(verifyTotp({ secret, token: codeAt(secret, Date.now()) }).ok).toBe(true);
  });
});
