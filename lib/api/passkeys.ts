import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import type { z } from 'zod';
import { endpoint } from '@/lib/api/endpoint';
import type {
  loginVerifySchema,
  PasskeyView,
  registerVerifySchema,
  renamePasskeySchema,
} from '@/lib/auth/passkeys';
import type { SessionUser } from '@/lib/auth/roles';

/**
 * Passkeys (WebAuthn): the signed-in user's own (list, register, rename, remove), and sign-in with one.
 * Only the two sign-in endpoints are public; the options call sets the short-lived cookie that binds the
 * challenge to this browser.
 */
export const passkeysApi = {
  list: endpoint<PasskeyView[]>()('GET', '/api/auth/passkeys'),
  registerOptions: endpoint<PublicKeyCredentialCreationOptionsJSON>()(
    'POST',
    '/api/auth/passkeys/register/options',
  ),
  /** Answered with 201 and the new passkey. */
  registerVerify: endpoint<PasskeyView, z.input<typeof registerVerifySchema>>()(
    'POST',
    '/api/auth/passkeys/register/verify',
  ),
  rename: endpoint<PasskeyView, z.input<typeof renamePasskeySchema>>()('PATCH', '/api/auth/passkeys/[id]'),
  remove: endpoint<void>()('DELETE', '/api/auth/passkeys/[id]'),
  loginOptions: endpoint<PublicKeyCredentialRequestOptionsJSON>()('POST', '/api/auth/passkeys/login/options'),
  /** Answered with the session cookie, as a password login. */
  loginVerify: endpoint<{ user: SessionUser }, z.input<typeof loginVerifySchema>>()(
    'POST',
    '/api/auth/passkeys/login/verify',
  ),
};
