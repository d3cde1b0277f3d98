import type { AuthenticationExtensionsClientOutputs } from '@simplewebauthn/browser';
import { z } from 'zod';

/** A passkey as its owner sees it on the account page; times in Unix milliseconds. */
export interface PasskeyView {
  id: number;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export const passkeyNameSchema = z.string().trim().min(1, 'Required').max(64, 'At most 64 characters');

/** WebAuthn's binary fields travel as base64url; attestation objects stay well under 16 KiB. */
const b64url = z
  .string()
  .max(16_384, 'Too long')
  .regex(/^[A-Za-z0-9_-]*$/, 'Not base64url');

const transports = z.array(z.string().max(32)).max(10);
const attachment = z.enum(['platform', 'cross-platform']);
// The library reads what it knows of the extension results; anything else is ignored.
const extensionResults = z.custom<AuthenticationExtensionsClientOutputs>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  'An object',
);

/** What @simplewebauthn/browser's startRegistration() answers. */
export const registrationResponseSchema = z.object({
  id: b64url.min(1, 'Required'),
  rawId: b64url.min(1, 'Required'),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: b64url.min(1, 'Required'),
    attestationObject: b64url.min(1, 'Required'),
    authenticatorData: b64url.optional(),
    transports: transports.optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: b64url.optional(),
  }),
  authenticatorAttachment: attachment.optional(),
  clientExtensionResults: extensionResults,
});

/** What @simplewebauthn/browser's startAuthentication() answers. */
export const authenticationResponseSchema = z.object({
  id: b64url.min(1, 'Required'),
  rawId: b64url.min(1, 'Required'),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: b64url.min(1, 'Required'),
    authenticatorData: b64url.min(1, 'Required'),
    signature: b64url.min(1, 'Required'),
    userHandle: b64url.optional(),
  }),
  authenticatorAttachment: attachment.optional(),
  clientExtensionResults: extensionResults,
});

export const registerVerifySchema = z.object({
  name: passkeyNameSchema,
  response: registrationResponseSchema,
});

export const loginVerifySchema = z.object({ response: authenticationResponseSchema });

export const renamePasskeySchema = z.object({ name: passkeyNameSchema });
