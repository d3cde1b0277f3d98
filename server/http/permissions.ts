/**
 * What a route needs. Accounts (issue #3) will map users and roles onto these; until then every caller is
 * the local operator, and routes already declare what they need so that guard plugs in here, in one place.
 */
export type Permission =
  | 'public'
  | 'engine:read'
  | 'containers:read'
  | 'containers:write'
  | 'containers:exec'
  | 'images:read';

export interface Principal {
  kind: 'local';
}

export async function authorize(_req: Request, _permission: Permission): Promise<Principal> {
  return { kind: 'local' };
}
