import { z } from 'zod';
import { LOCAL_ENVIRONMENT } from '@/lib/environments/types';

/** A slug: the environment's name in URLs. */
export const environmentId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,31}$/,
    'Use 1 to 32 lowercase letters, digits and "-", starting with a letter or digit',
  )
  .refine((id) => id !== LOCAL_ENVIRONMENT, `"${LOCAL_ENVIRONMENT}" is the engine Berth was started with`);

const pem = (what: string) =>
  z
    .string()
    .max(64 * 1024, `The ${what} is larger than 64 KiB`)
    .refine((text) => /-----BEGIN [A-Z0-9 ]+-----/.test(text), `Not a PEM ${what} (-----BEGIN …-----)`);

export const environmentTlsSchema = z.strictObject({
  ca: pem('CA certificate'),
  cert: pem('client certificate'),
  key: pem('client key'),
});

/**
 * What an admin gives: the address says the kind (`unix://`, `tcp://`, `ssh://`); TLS material only for tcp,
 * an SSH key only for ssh.
 */
const environmentFields = z.strictObject({
  id: environmentId,
  name: z.string().trim().min(1, 'A name is required').max(100),
  address: z
    .string()
    .trim()
    .max(500)
    .regex(
      /^(unix:\/\/\/\S+|tcp:\/\/[^\s/]+:\d{1,5}|ssh:\/\/[^\s@/]+@[^\s/]+)$/,
      'Expected unix:///path/to/docker.sock, tcp://host:port or ssh://user@host[:port]',
    ),
  tls: environmentTlsSchema.optional(),
  sshKey: pem('SSH private key').optional(),
  sshPassphrase: z.string().max(1000).optional(),
});

const kindMatches = (
  input: { address: string; tls?: unknown; sshKey?: string; sshPassphrase?: string },
  ctx: z.RefinementCtx,
) => {
  if (input.tls && !input.address.startsWith('tcp://'))
    ctx.addIssue({ code: 'custom', path: ['tls'], message: 'TLS certificates go with a tcp:// address' });
  if ((input.sshKey || input.sshPassphrase) && !input.address.startsWith('ssh://'))
    ctx.addIssue({ code: 'custom', path: ['sshKey'], message: 'An SSH key goes with an ssh:// address' });
};

export const environmentCreateSchema = environmentFields.superRefine(kindMatches);
export type EnvironmentCreate = z.output<typeof environmentCreateSchema>;

/** A change: the name, the address, new TLS material or key (`null` removes what is stored). */
export const environmentUpdateSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  address: environmentFields.shape.address.optional(),
  tls: environmentTlsSchema.nullable().optional(),
  sshKey: pem('SSH private key').nullable().optional(),
  sshPassphrase: z.string().max(1000).nullable().optional(),
});
export type EnvironmentUpdate = z.output<typeof environmentUpdateSchema>;

/** A check of what the form holds, before it is saved. */
export const environmentCheckSchema = environmentFields
  .omit({ id: true, name: true })
  .superRefine(kindMatches);
