import type { IdentityView } from '@/lib/auth/external';
import type { Permission, Role, SessionUser } from '@/lib/auth/roles';

/** A user as an admin sees them in the users page. */
export interface UserView {
  id: number;
  username: string;
  role: Role;
  /** The strongest of their own role and their teams'. */
  effectiveRole: Role;
  disabled: boolean;
  totpEnabled: boolean;
  teams: { id: number; name: string; role: Role }[];
  /** Outside identities (OIDC, LDAP) the account signs in with: none for a local account. */
  identities: Pick<IdentityView, 'source' | 'provider'>[];
  createdAt: number;
}

export interface TeamView {
  id: number;
  name: string;
  /** The team's role on every environment it names no role for. */
  role: Role;
  /** Its role per environment (environment id or `local`), replacing `role` there. */
  environmentRoles: Record<string, Role>;
  members: { id: number; username: string }[];
}

/** An API token without its secret; times in Unix milliseconds. */
export interface ApiTokenView {
  id: number;
  name: string;
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  /** The client address of that last use. */
  lastUsedIp: string | null;
  expiresAt: number | null;
  /** Survives "log out everywhere" and password changes (revoked with them otherwise). */
  keep: boolean;
}

/** A new token: the only answer that carries its secret. */
export interface CreatedApiToken extends ApiTokenView {
  token: string;
}

/** Who is signed in, and what their role lets them do. */
export interface Me {
  user: SessionUser;
  /** What the user may do on environments not in `environmentPermissions`. */
  permissions: Permission[];
  /** Where a team's role per environment changes that: environment id → what the user may do there. */
  environmentPermissions: Record<string, Permission[]>;
  require2fa: boolean;
}
