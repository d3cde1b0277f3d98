import { z } from 'zod';
import { ROLES } from '@/lib/auth/roles';

/** Where an account's identity comes from besides Berth's own passwords and passkeys. */
export const IDENTITY_SOURCES = ['oidc', 'ldap'] as const;
export type IdentitySource = (typeof IDENTITY_SOURCES)[number];

/**
 * A rule the admin writes for a provider: members of `group` (an OIDC claim value, an LDAP group's name or DN)
 * join `team` (created with `role` when missing), or, with no team, get at least `role` as their own role.
 * Re-applied at every sign-in: a user removed from the group loses what the rule gave.
 */
export const groupRuleSchema = z.object({
  group: z.string().trim().min(1).max(512),
  team: z.string().trim().min(1).max(64).optional(),
  role: z.enum(ROLES),
});
export type GroupRule = z.output<typeof groupRuleSchema>;

export const groupRulesSchema = z.array(groupRuleSchema).max(100);

/** An account's link to an outside identity, as the users page shows it. */
export interface IdentityView {
  source: IdentitySource;
  provider: string;
  subject: string;
  lastLoginAt: number | null;
}
