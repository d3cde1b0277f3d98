import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The test directory of scripts/ldap.sh (Debian's slapd on loopback): started by the tests that need it (`up` is
 * idempotent and installs the package when missing). Names and passwords are the script's.
 */

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const LDAP_DIR = process.env.BERTH_LDAP_DIR ?? '/tmp/berth-ldap';
export const LDAP_PORT = Number(process.env.BERTH_LDAP_PORT ?? 3389);
export const LDAPS_PORT = Number(process.env.BERTH_LDAPS_PORT ?? 3636);
export const LDAP_URL = `ldap://127.0.0.1:${LDAP_PORT}`;
export const LDAPS_URL = `ldaps://127.0.0.1:${LDAPS_PORT}`;
export const SUFFIX = 'dc=berth,dc=test';
const ROOT_DN = `cn=admin,${SUFFIX}`;
const ROOT_PASSWORD = 'admin-secret-7';
export const SERVICE_DN = `cn=berth-svc,ou=services,${SUFFIX}`;
export const SERVICE_PASSWORD = 'svc-secret-7';
export const PEOPLE = {
  alice: { uid: 'alice', password: 'alice-pw-7', dn: `uid=alice,ou=people,${SUFFIX}` },
  bob: { uid: 'bob', password: 'bob-pw-7', dn: `uid=bob,ou=people,${SUFFIX}` },
  carol: { uid: 'carol', password: 'carol-pw-7', dn: `uid=carol,ou=people,${SUFFIX}` },
  /** A name full of filter metacharacters: found only when the name is escaped right. */
  obrien: { uid: 'o\\brien(*)', password: 'obrien-pw-7', dn: `uid=o\\5cbrien(*),ou=people,${SUFFIX}` },
} as const;
export const OPS_GROUP = `cn=ops,ou=groups,${SUFFIX}`;

export function ldapUp(): void {
  execFileSync('bash', [path.join(REPO_ROOT, 'scripts/ldap.sh'), 'up'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
  });
}

export const testCa = () => readFileSync(path.join(LDAP_DIR, 'ca.pem'), 'utf8');
export const wrongCa = () => readFileSync(path.join(LDAP_DIR, 'wrong-ca.pem'), 'utf8');

/** ldapmodify as the directory's root (the tests move people in and out of groups). */
export function ldapModify(ldif: string): void {
  execFileSync('ldapmodify', ['-x', '-H', LDAP_URL, '-D', ROOT_DN, '-w', ROOT_PASSWORD], {
    input: ldif,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Sets a group's members (replace: the same result whatever an earlier run left). */
export function setMembers(groupDn: string, memberDns: string[]): void {
  ldapModify(
    [
      `dn: ${groupDn}`,
      'changetype: modify',
      'replace: member',
      ...memberDns.map((dn) => `member: ${dn}`),
      '',
    ].join('\n'),
  );
}

/** The settings Berth is tested with: the service account, people under ou=people, groups from memberOf. */
export function ldapSettings(overrides: Record<string, unknown> = {}) {
  return {
    enabled: true,
    url: LDAP_URL,
    startTls: false,
    caPem: '',
    bindDn: SERVICE_DN,
    bindPassword: SERVICE_PASSWORD,
    userBase: `ou=people,${SUFFIX}`,
    userFilter: '(&(objectClass=inetOrgPerson)(uid={username}))',
    usernameAttribute: 'uid',
    groupMode: 'memberOf',
    allowCreate: true,
    defaultRole: 'viewer',
    rules: [] as { group: string; team?: string; role: string }[],
    ...overrides,
  };
}
