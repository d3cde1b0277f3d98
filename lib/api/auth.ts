import type { z } from 'zod';
import { endpoint } from '@/lib/api/endpoint';
import type { SessionUser } from '@/lib/auth/roles';
import type { AuthStatus, loginSchema, setupSchema } from '@/lib/auth/schemas';
import type { ApiTokenView, CreatedApiToken, Me } from '@/lib/auth/views';

export interface TotpSetup {
  secret: string;
  uri: string;
  /** The otpauth URI as a QR code image (data URL). */
  qr: string;
}

/** Sign-in, the signed-in user's own account, and their API tokens. */
export const authApi = {
  status: endpoint<AuthStatus>()('GET', '/api/auth/status'),
  login: endpoint<{ user: SessionUser }, z.input<typeof loginSchema>>()('POST', '/api/auth/login'),
  /** Answered with 201 and the session cookie. */
  setup: endpoint<{ user: SessionUser }, z.input<typeof setupSchema>>()('POST', '/api/auth/setup'),
  logout: endpoint<void>()('POST', '/api/auth/logout'),
  logoutAll: endpoint<void>()('POST', '/api/auth/logout-all'),
  /** null for a caller that is not a user (the guard lets nobody else this far). */
  me: endpoint<Me | null>()('GET', '/api/auth/me'),
  password: endpoint<{ ok: true }, { current: string; next: string }>()('POST', '/api/auth/password'),
  totpSetup: endpoint<TotpSetup>()('POST', '/api/auth/totp/setup'),
  totpEnable: endpoint<{ recoveryCodes: string[] }, { code: string }>()('POST', '/api/auth/totp/enable'),
  totpDisable: endpoint<{ ok: true }, { password: string }>()('POST', '/api/auth/totp/disable'),
  tokens: endpoint<ApiTokenView[]>()('GET', '/api/tokens'),
  /** Answered with 201. */
  createToken: endpoint<CreatedApiToken, { name: string; expiresInDays?: number; keep?: boolean }>()(
    'POST',
    '/api/tokens',
  ),
  setTokenKeep: endpoint<ApiTokenView, { keep: boolean }>()('PATCH', '/api/tokens/[id]'),
  revokeToken: endpoint<void>()('DELETE', '/api/tokens/[id]'),
};
