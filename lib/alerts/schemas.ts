import { z } from 'zod';
import { ALERT_CHANNEL_KINDS, ALERT_RULE_KINDS } from '@/lib/alerts/types';

export const alertIdParams = z.object({
  id: z.coerce.number({ error: 'Not an id' }).int('Not an id').positive('Not an id'),
});

const ENV_ID = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

export const alertScopeSchema = z.object({
  nameGlob: z
    .string()
    .trim()
    .max(200)
    .regex(/^[A-Za-z0-9_.*?/-]*$/, 'Letters, digits, _ . - / and the wildcards * ?')
    .optional()
    .transform((v) => v || undefined),
  label: z
    .string()
    .trim()
    .max(300)
    .regex(/^[^=\s]+(=.*)?$/, 'key or key=value')
    .optional()
    .or(z.literal(''))
    .transform((v) => v || undefined),
  project: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((v) => v || undefined),
  environments: z
    .union([z.literal('*'), z.array(z.string().regex(ENV_ID, 'Not an environment id')).min(1).max(50)])
    .default('*'),
});

const ruleFields = {
  name: z.string({ error: 'A name is required' }).trim().min(1, 'A name is required').max(100),
  kind: z.enum(ALERT_RULE_KINDS, { error: 'Not a rule kind' }),
  enabled: z.boolean().default(true),
  scope: alertScopeSchema.prefault({}),
  params: z
    .object({
      restartCount: z.number().int().min(1).max(1000).optional(),
      windowMinutes: z.number().int().min(1).max(1440).optional(),
    })
    .default({}),
  cooldownSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(300),
  channelIds: z.array(z.number().int().positive()).max(20).default([]),
};

export const alertRuleCreateSchema = z.object(ruleFields);
export type AlertRuleCreate = z.output<typeof alertRuleCreateSchema>;

export const alertRuleUpdateSchema = z.object({
  name: ruleFields.name.optional(),
  enabled: z.boolean().optional(),
  scope: alertScopeSchema.optional(),
  params: ruleFields.params.unwrap().optional(),
  cooldownSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .optional(),
  channelIds: z.array(z.number().int().positive()).max(20).optional(),
});
export type AlertRuleUpdate = z.output<typeof alertRuleUpdateSchema>;

export const alertChannelCreateSchema = z.object({
  name: z.string({ error: 'A name is required' }).trim().min(1, 'A name is required').max(100),
  kind: z.enum(ALERT_CHANNEL_KINDS, { error: 'Not a channel kind' }),
  url: z.string({ error: 'A URL is required' }).trim().min(1, 'A URL is required').max(2000),
  /** webhook: the HMAC key of X-Berth-Signature. */
  secret: z.string().max(500).optional(),
  options: z
    .object({
      priority: z.number().int().min(1).max(5).optional(),
      tags: z
        .array(
          z
            .string()
            .trim()
            .min(1)
            .max(50)
            .regex(/^[^,\r\n]+$/, 'No commas'),
        )
        .max(10)
        .optional(),
    })
    .default({}),
});
export type AlertChannelCreate = z.output<typeof alertChannelCreateSchema>;

export const firingsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  unacknowledged: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
});
