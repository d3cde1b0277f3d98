/** Roles and what each may do. The browser uses this to hide what a role cannot do; the server decides. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'self',
  'engine:read',
  'containers:read',
  'containers:write',
  'containers:exec',
  /** Environment values of containers (names are `containers:read`). Viewers: settings.viewerAccess. */
  'containers:env',
  /** Browse, download and export containers' files. Viewers: settings.viewerAccess. */
  'containers:files',
  'images:read',
  'images:write',
  'volumes:read',
  'volumes:write',
  /** Browse and download volumes' files. Viewers: settings.viewerAccess. */
  'volumes:files',
  'networks:read',
  'networks:write',
  /** See Compose stacks: list, files (secret-looking .env values masked), rendered config, history. */
  'stacks:read',
  /** Create, edit, deploy, stop, take down and roll back stacks (each service judged by the security policy). */
  'stacks:write',
  /** Take over a stack started outside Berth (its files are copied under BERTH_DATA_DIR/stacks). */
  'stacks:adopt',
  /** Use the stored registry credentials: browse, pull and push through them. */
  'registries:read',
  /** Add, edit and remove registries and their credentials. */
  'registries:admin',
  /** Add, edit and remove environments (other engines) and their TLS material or SSH keys. Listing is `engine:read`. */
  'environments:admin',
  'users:admin',
  'settings:admin',
  'audit:read',
  /** See alert rules, channels (never their secrets) and firings. */
  'alerts:read',
  /** Acknowledge firings. */
  'alerts:ack',
  /**
   * Write alert rules for one's teams: scoped to containers (a name pattern or a compose project), using only
   * channels an admin marked usable by operators; edit only rules of one's own teams (server/alerts/routes.ts).
   */
  'alerts:write',
  /** Write alert rules and notification channels, send test notifications. */
  'alerts:admin',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const VIEWER: Permission[] = [
  'self',
  'engine:read',
  'containers:read',
  'images:read',
  'volumes:read',
  'networks:read',
  'stacks:read',
  'alerts:read',
];
const OPERATOR: Permission[] = [
  ...VIEWER,
  'containers:write',
  'containers:exec',
  'containers:env',
  'containers:files',
  'volumes:files',
  'images:write',
  'volumes:write',
  'networks:write',
  'stacks:write',
  'registries:read',
  'alerts:ack',
  'alerts:write',
];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  viewer: new Set(VIEWER),
  operator: new Set(OPERATOR),
  admin: new Set(PERMISSIONS),
};

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return !!role && ROLE_PERMISSIONS[role].has(permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** A user's effective role is the strongest of their own and their teams'. */
export function strongestRole(roles: readonly Role[]): Role {
  return roles.reduce<Role>((best, r) => (ROLES.indexOf(r) > ROLES.indexOf(best) ? r : best), 'viewer');
}

export interface SessionUser {
  id: number;
  username: string;
  /** The role everywhere: the strongest of the user's own and their teams'. */
  role: Role;
  /**
   * The role on the environments where a team's role for that environment makes it differ from `role`
   * (environment id → role). Only engine permissions (ENGINE_PERMISSIONS) follow it.
   */
  environmentRoles?: Record<string, Role>;
  totpEnabled: boolean;
  /** A registered passkey counts as the second factor an admin may require (as TOTP does). */
  hasPasskey?: boolean;
}

/**
 * What a role on one environment governs: everything done to that engine. The rest (users, settings, audit,
 * registries' credentials, environments themselves) follows the user's role everywhere.
 */
const ENGINE_RESOURCES = /^(engine|containers|images|volumes|networks|stacks):/;
export const ENGINE_PERMISSIONS: ReadonlySet<Permission> = new Set(
  PERMISSIONS.filter((p) => ENGINE_RESOURCES.test(p)),
);

/** The role that decides `permission` for `user` on environment `env`. */
export function roleFor(
  user: Pick<SessionUser, 'role' | 'environmentRoles'>,
  permission: Permission,
  env: string,
): Role {
  if (!ENGINE_PERMISSIONS.has(permission)) return user.role;
  return user.environmentRoles?.[env] ?? user.role;
}

/**
 * A user's role on each environment a team names: the strongest of their own role and, for each team, the
 * team's role for that environment, or the team's role where it names none. Only the environments where
 * that differs from `everywhere` are returned.
 */
export function environmentRolesOf(
  own: Role,
  teams: readonly { role: Role; environmentRoles: Record<string, Role> }[],
): Record<string, Role> {
  const everywhere = strongestRole([own, ...teams.map((t) => t.role)]);
  const envs = new Set(teams.flatMap((t) => Object.keys(t.environmentRoles)));
  const out: Record<string, Role> = {};
  for (const env of [...envs].sort()) {
    const role = strongestRole([own, ...teams.map((t) => t.environmentRoles[env] ?? t.role)]);
    if (role !== everywhere) out[env] = role;
  }
  return out;
}
