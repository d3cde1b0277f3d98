import { FilterParser } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { ldapConfigSchema } from '@/lib/auth/ldap';
import { scratchDataDir } from '@/server/testing/scratch-data-dir';

scratchDataDir('ldap-unit');
const ldap = await import('@/server/auth/ldap');
const store = await import('@/server/auth/ldap-store');

describe('filter escaping (RFC 4515)', () => {
  it('escapes the filter metacharacters and NUL, leaves the rest', () => {
    expect(ldap.escapeFilterValue('*)(uid=*')).toBe('\\2a\\29\\28uid=\\2a');
    expect(ldap.escapeFilterValue('a\\b')).toBe('a\\5cb');
    expect(ldap.escapeFilterValue('x\u0000y')).toBe('x\\00y');
    expect(ldap.escapeFilterValue('ünï cødé.name@corp')).toBe('ünï cødé.name@corp');
  });

  it.each(['*)(uid=*', '*', 'alice)(|(uid=*', 'a\\29(uid=bob', '\u0000', 'alice)(&'])(
    'keeps %j one equality assertion on uid, whatever it contains',
    (name) => {
      const filter = ldap.fillFilter('(uid={username})', { username: name });
      // Parsed as the server would: a single equality filter whose value is exactly the typed name.
      const parsed = FilterParser.parseString(filter);
      expect(parsed.constructor.name).toBe('EqualityFilter');
      expect((parsed as unknown as { attribute: string }).attribute).toBe('uid');
      expect((parsed as unknown as { value: string }).value).toBe(name);
    },
  );

  it('fills every placeholder of a template and leaves unknown ones', () => {
    expect(
      ldap.fillFilter('(&(objectClass=person)(|(uid={username})(mail={username})){x})', { username: 'a*' }),
    ).toBe('(&(objectClass=person)(|(uid=a\\2a)(mail=a\\2a)){x})');
    expect(ldap.fillFilter('(member={dn})', { dn: 'uid=o\\5cbrien(*),dc=t' })).toBe(
      '(member=uid=o\\5c5cbrien\\28\\2a\\29,dc=t)',
    );
  });
});

describe('profile mapping', () => {
  it('reads a DN’s first RDN value, unescaped', () => {
    expect(ldap.firstRdnValue('cn=ops,ou=groups,dc=berth,dc=test')).toBe('ops');
    expect(ldap.firstRdnValue('CN=Ops\\, EU,OU=Groups')).toBe('Ops, EU');
    expect(ldap.firstRdnValue('cn=\\c3\\a9quipe,ou=g')).toBe('équipe');
    expect(ldap.firstRdnValue('uid=o\\5Cbrien(*),ou=people')).toBe('o\\brien(*)');
    expect(ldap.firstRdnValue('nonsense')).toBeNull();
  });

  it('offers rules both the group DN and its short name', () => {
    expect(
      ldap.groupNames(['cn=ops,ou=groups,dc=t', 'cn=admins,ou=groups,dc=t', 'cn=ops,ou=groups,dc=t']),
    ).toEqual(['cn=ops,ou=groups,dc=t', 'ops', 'cn=admins,ou=groups,dc=t', 'admins']);
  });

  it('takes entryUUID as subject, the DN without one; the username attribute, else the typed name', () => {
    const entry = {
      dn: 'uid=alice,ou=people,dc=t',
      entryUUID: '6dcb96c4-8653-1041-8d2b-2b35cdd197a1',
      UID: ['alice'],
    };
    expect(ldap.profileFromEntry(entry, ['cn=ops,dc=t'], 'uid', 'ALICE')).toEqual({
      source: 'ldap',
      provider: 'ldap',
      subject: '6dcb96c4-8653-1041-8d2b-2b35cdd197a1',
      username: 'alice',
      groups: ['cn=ops,dc=t', 'ops'],
    });
    const bare = { dn: 'cn=Bob,dc=t', cn: Buffer.from('Bob') };
    expect(ldap.profileFromEntry(bare, [], 'sAMAccountName', 'bob')).toMatchObject({
      subject: 'cn=Bob,dc=t',
      username: 'bob',
      groups: [],
    });
    expect(ldap.attributeValues(bare, 'CN')).toEqual(['Bob']);
    expect(ldap.attributeValues(bare, 'dn')).toEqual([]);
  });
});

describe('the configuration', () => {
  const base = { url: 'ldap://127.0.0.1:3389', userBase: 'ou=people,dc=t', userFilter: '(uid={username})' };

  it('refuses a filter without {username}, a CA that is no PEM and StartTLS on ldaps', () => {
    const fields = (input: object) =>
      ldapConfigSchema.safeParse({ ...base, ...input }).error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(fields({})).toEqual([]);
    expect(fields({ userFilter: '(uid=alice)' })).toEqual(['userFilter']);
    expect(fields({ caPem: 'not a cert' })).toEqual(['caPem']);
    expect(fields({ url: 'ldaps://h:636', startTls: true })).toEqual(['startTls']);
    expect(fields({ url: 'http://h' })).toEqual(['url']);
    expect(fields({ groupMode: 'search' })).toEqual(['groupBase']);
  });

  it('stores the service password encrypted, never shows it, keeps it when omitted and clears it with ""', () => {
    expect(store.ldapConfigView()).toMatchObject({ enabled: false, hasBindPassword: false, updatedAt: null });
    const view = store.saveLdapConfig({ ...base, bindDn: 'cn=svc', bindPassword: 'svc-pw' });
    expect(view.hasBindPassword).toBe(true);
    expect(JSON.stringify(view)).not.toContain('svc-pw');
    expect(store.ldapConfig()?.bindPassword).toBe('svc-pw');
    store.saveLdapConfig({ ...base, bindDn: 'cn=svc', enabled: true });
    expect(store.ldapConfig()?.bindPassword).toBe('svc-pw');
    expect(store.ldapEnabled()).toBe(true);
    store.saveLdapConfig({ ...base, bindDn: 'cn=svc', bindPassword: '' });
    expect(store.ldapConfigView().hasBindPassword).toBe(false);
  });

  it('refuses an empty password before any connection (an empty simple bind is anonymous)', async () => {
    // Port 9 on loopback: nothing listens; a connection attempt would fail with a connect error instead.
    const settings = { ...store.DEFAULT_LDAP_CONFIG, ...base, url: 'ldap://127.0.0.1:9', bindPassword: '' };
    await expect(ldap.authenticateLdap(settings, 'alice', '')).rejects.toMatchObject({ step: 'password' });
    await expect(ldap.authenticateLdap(settings, 'alice', 'x')).rejects.toMatchObject({ step: 'connect' });
  });
});
