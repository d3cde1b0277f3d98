import type { EnvironmentCheck } from '@/lib/environments/types';
import type { LimitInfo } from '@/lib/settings/limits';

/** The one error shape every /api route answers with. */
export interface FieldError {
  /** Dotted path of the bad input, e.g. `body.ports.1` or `query.tail`. */
  path: string;
  message: string;
  /** For a file in the body (a compose file): the 1-based line the problem is on, when known. */
  line?: number;
}

export interface ApiErrorBody {
  error: {
    message: string;
    code: ApiErrorCode;
    status: number;
    fields?: FieldError[];
    /** With code `limit`: which bound refused, its value and the setting that raises it. */
    limit?: LimitInfo;
    /** With code `environment_check`: the failed connection check, its `problem` in words a user can act on. */
    check?: EnvironmentCheck;
  };
}

export type ApiErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'forbidden_origin'
  | 'unauthorized'
  | 'forbidden'
  | 'totp_required'
  /** The account's two-factor secret cannot be decrypted with this install's key (restored without it). */
  | 'totp_unreadable'
  /** Password sign-in is off for this account (settings.signIn.passwords): OIDC, LDAP or a passkey instead. */
  | 'password_sign_in_off'
  /** An identity provider proved who this is, but no account is linked and the provider creates none. */
  | 'external_user_unknown'
  /** The LDAP directory could not check a password (down, TLS, service account): not the person's failure. */
  | 'ldap_unavailable'
  | 'policy'
  | 'too_many_requests'
  /** A per-user bound of the limits settings (lib/settings/limits.ts): `limit` says which. */
  | 'limit'
  | 'not_found'
  /** An environment's connection check failed on save (`check.problem` says why). */
  | 'environment_check'
  | 'conflict'
  | 'payload_too_large'
  | 'uri_too_long'
  | 'engine_error'
  | 'engine_unreachable'
  /** The engine accepted the call but did not answer within its deadline. */
  | 'engine_unresponsive'
  /** The engine answered with a cut or garbled body. */
  | 'engine_bad_answer'
  /** No Docker Compose v2 binary (BERTH_COMPOSE names it): stack routes cannot work. */
  | 'compose_missing'
  | 'internal';

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'message' in error && 'code' in error;
}
