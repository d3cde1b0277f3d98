import { z } from 'zod';
import { patternProblem } from '@/lib/alerts/rules';
import { ALERT_CHANNEL_KINDS, ALERT_RULE_KINDS, SMTP_SECURITY } from '@/lib/alerts/types';

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
      thresholdPercent: z.number().min(1).max(10_000).optional(),
      durationSeconds: z.number().int().min(0).max(86_400).optional(),
      pattern: z
        .string()
        .max(200)
        .optional()
        .superRefine((v, ctx) => {
          const problem = v === undefined ? null : patternProblem(v);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
      diskBytes: z
        .number()
        .int()
        .min(1)
        .max(2 ** 52)
        .optional(),
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

/** The parameter a kind cannot go without, named by its field. */
export const alertRuleCreateSchema = z.object(ruleFields).superRefine((rule, ctx) => {
  const need = (field: 'thresholdPercent' | 'pattern' | 'diskBytes', message: string) => {
    if (rule.params[field] === undefined) ctx.addIssue({ code: 'custom', path: ['params', field], message });
  };
  if (rule.kind === 'cpu' || rule.kind === 'memory') need('thresholdPercent', 'A threshold in % is required');
  if (rule.kind === 'log_match') need('pattern', 'A regular expression is required');
  if (rule.kind === 'disk') need('diskBytes', 'A size in bytes is required');
});
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

const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;

const channelOptions = z.object({
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
  security: z.enum(SMTP_SECURITY).optional(),
  user: z.string().trim().max(200).optional(),
  from: z.string().trim().regex(EMAIL, 'Not an e-mail address').max(200).optional(),
  to: z
    .array(z.string().trim().regex(EMAIL, 'Not an e-mail address').max(200))
    .min(1, 'At least one recipient')
    .max(20)
    .optional(),
});

/** An e-mail channel's URL is `smtp://host:port` (no user or path: those are options and the secret). */
export const SMTP_URL = /^smtp:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\/?$|^smtp:\/\/\[[0-9A-Fa-f:.]+\](:\d{1,5})?\/?$/;

function checkChannel(
  c: { kind?: string; url?: string; options?: z.output<typeof channelOptions> },
  ctx: z.RefinementCtx,
) {
  if (c.kind !== 'email') return;
  if (c.url !== undefined && !SMTP_URL.test(c.url))
    ctx.addIssue({ code: 'custom', path: ['url'], message: 'smtp://host:port' });
  if (c.options && !c.options.from)
    ctx.addIssue({ code: 'custom', path: ['options', 'from'], message: 'A sender address is required' });
  if (c.options && !c.options.to?.length)
    ctx.addIssue({ code: 'custom', path: ['options', 'to'], message: 'At least one recipient' });
}

export const alertChannelCreateSchema = z
  .object({
    name: z.string({ error: 'A name is required' }).trim().min(1, 'A name is required').max(100),
    kind: z.enum(ALERT_CHANNEL_KINDS, { error: 'Not a channel kind' }),
    url: z.string({ error: 'A URL is required' }).trim().min(1, 'A URL is required').max(2000),
    /** webhook: the HMAC key of X-Berth-Signature; ntfy: an access token; email: the SMTP password. */
    secret: z.string().max(500).optional(),
    options: channelOptions.default({}),
    operatorUsable: z.boolean().default(false),
  })
  .superRefine(checkChannel);
export type AlertChannelCreate = z.output<typeof alertChannelCreateSchema>;

/** A channel edit: what is absent is kept (the secret above all: `null` clears it, a string replaces it). */
export const alertChannelUpdateSchema = z.object({
  name: z.string().trim().min(1, 'A name is required').max(100).optional(),
  url: z.string().trim().min(1, 'A URL is required').max(2000).optional(),
  secret: z.string().max(500).nullable().optional(),
  options: channelOptions.optional(),
  operatorUsable: z.boolean().optional(),
});
export type AlertChannelUpdate = z.output<typeof alertChannelUpdateSchema>;

export const firingsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  unacknowledged: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
});
