import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, migrate, openDatabase } from '@/server/db';
import { migrations } from '@/server/db/migrations';

/*
 * Every upgrade path: a database left at each earlier schema version, holding the rows a Berth of that version
 * wrote, is migrated to the latest and must keep its rows and end with exactly the schema of a fresh database.
 * A new migration needs a seed below for what its version adds (the first test checks there is one).
 */

const LATEST = Math.max(...migrations.map((m) => m.version));

const dirs: string[] = [];
function dbFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-migrations-'));
  dirs.push(dir);
  return path.join(dir, 'berth.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Rows as the release at `version` wrote them: only the tables and columns that existed then. */
const seeds: Record<number, (db: Db) => void> = {
  1: (db) => {
    db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)').run(
      'auditRetentionDays',
      '90',
      1000,
    );
  },
  2: (db) => {
    db.prepare(
      `INSERT INTO users (id, username, password_hash, role, disabled, totp_secret, totp_enabled,
         totp_last_counter, recovery_codes, created_at, updated_at)
       VALUES (1, 'Ann', '$argon2id$hash', 'admin', 0, 'v1.a.b.c', 1, 42, '["x"]', 1000, 2000)`,
    ).run();
    db.prepare(
      `INSERT INTO users (id, username, password_hash, role, created_at, updated_at)
       VALUES (2, 'bob', '$argon2id$hash2', 'viewer', 1000, 1000)`,
    ).run();
    db.prepare("INSERT INTO teams (id, name, role, created_at) VALUES (1, 'ops', 'operator', 1000)").run();
    db.prepare('INSERT INTO team_members (team_id, user_id) VALUES (1, 2)').run();
    db.prepare(
      `INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent)
       VALUES ('sess-hash', 1, 1000, 1500, 99999999999999, '10.0.0.1', 'curl')`,
    ).run();
    db.prepare(
      `INSERT INTO api_tokens (id, user_id, name, prefix, token_hash, created_at, last_used_at, expires_at)
       VALUES (1, 1, 'ci', 'brt_abc', 'token-hash', 1000, 1200, NULL)`,
    ).run();
    db.prepare(
      `INSERT INTO audit_log (at, user_id, username, role, ip, action, target, command, result, error)
       VALUES (1000, 1, 'Ann', 'admin', '10.0.0.1', 'container.start', 'web', 'docker start web', 'ok', NULL)`,
    ).run();
  },
  3: (db) => {
    db.prepare(
      `INSERT INTO registries (id, name, url, username, secret, created_at, updated_at)
       VALUES (1, 'Hub', 'https://registry.example', 'ci', 'v1.iv.tag.ct', 1000, 1000)`,
    ).run();
  },
  4: (db) => {
    db.prepare(
      `INSERT INTO api_tokens (id, user_id, name, prefix, token_hash, created_at, last_used_ip, keep_on_revoke)
       VALUES (2, 1, 'kept', 'brt_def', 'token-hash-2', 3000, '10.0.0.2', 1)`,
    ).run();
  },
  5: (db) => {
    db.prepare(
      `INSERT INTO stacks (name, origin, created_at, created_by, updated_at, updated_by)
       VALUES ('shop', 'berth', 5000, 'Ann', 5100, 'Ann')`,
    ).run();
    db.prepare(
      `INSERT INTO stack_versions (stack, version, compose, override, env, created_at, author, deployed)
       VALUES ('shop', 1, 'services: {}', NULL, 'v1.a.b.c', 5000, 'Ann', 1)`,
    ).run();
  },
  6: (db) => {
    db.prepare(
      `INSERT INTO environments (id, name, address, tls, ssh_key, ssh_passphrase, created_at)
       VALUES ('prod', 'Prod', 'tcp://10.0.0.1:2376', 'v1.a.b.c', NULL, NULL, 6000)`,
    ).run();
    db.prepare(
      `INSERT INTO audit_log (at, user_id, username, role, ip, action, target, command, result, error, env)
       VALUES (6000, 1, 'Ann', 'admin', '10.0.0.1', 'container.stop', 'db', 'docker --context prod stop db', 'ok', NULL, 'prod')`,
    ).run();
  },
  7: (db) => {
    db.prepare("INSERT INTO team_environment_roles (team_id, env, role) VALUES (1, 'prod', 'viewer')").run();
  },
  8: (db) => {
    // The same stack name on another environment.
    db.prepare(
      `INSERT INTO stacks (environment, name, origin, created_at, created_by, updated_at, updated_by, project_dir)
       VALUES ('prod', 'shop', 'berth', 8000, 'Ann', 8000, 'Ann', NULL)`,
    ).run();
  },
  9: (db) => {
    db.prepare(
      `INSERT INTO alert_channels (id, name, kind, url, url_origin, secret, options, created_at, updated_at)
       VALUES (1, 'ops', 'webhook', 'v1.a.b.c', 'https://hooks.example', 'v1.d.e.f', '{}', 9000, 9000)`,
    ).run();
    db.prepare(
      `INSERT INTO alert_rules (id, name, kind, enabled, scope, params, cooldown_seconds, created_at, updated_at)
       VALUES (1, 'crash', 'exit_nonzero', 1, '{"nameGlob":"web-*"}', '{}', 300, 9000, 9000)`,
    ).run();
    db.prepare('INSERT INTO alert_rule_channels (rule_id, channel_id) VALUES (1, 1)').run();
    db.prepare(
      `INSERT INTO alert_firings (id, rule_id, rule_name, kind, env, target, container_id, message, details, fired_at)
       VALUES (1, 1, 'crash', 'exit_nonzero', 'local', 'web-1', 'abc', 'web-1 exited with code 3', '{}', 9000)`,
    ).run();
    db.prepare(
      `INSERT INTO alert_deliveries (firing_id, channel_id, channel_name, status, attempts, last_error, updated_at)
       VALUES (1, 1, 'ops', 'ok', 1, NULL, 9000)`,
    ).run();
  },
  10: (db) => {
    db.prepare(
      `INSERT INTO passkeys (id, user_id, credential_id, public_key, counter, transports, name, created_at, last_used_at)
       VALUES (1, 2, 'cred-bob', X'A50102', 7, '["internal"]', 'laptop', 10000, NULL)`,
    ).run();
  },
  11: (db) => {
    db.prepare(
      `INSERT INTO user_identities (id, user_id, source, provider, subject, groups, created_at, last_login_at)
       VALUES (1, 2, 'oidc', 'corp', 'sub-bob', '["ops"]', 11000, 11001)`,
    ).run();
    db.prepare(
      "INSERT INTO identity_team_grants (user_id, team_id, source, provider) VALUES (2, 1, 'oidc', 'corp')",
    ).run();
  },
  16: (db) => {
    db.prepare(
      "INSERT INTO ldap_config (id, config, bind_password, updated_at) VALUES (1, '{\"enabled\":true}', 'v1.x', 16000)",
    ).run();
  },
  12: (db) => {
    db.prepare('INSERT INTO log_history_config (id, value, updated_at) VALUES (1, ?, 12000)').run(
      '{"all":false,"names":["web"],"labels":[],"projects":[],"maxAgeDays":3,"maxBytes":1048576}',
    );
  },
  15: (db) => {
    db.prepare(
      `INSERT INTO oidc_providers (id, label, issuer, client_id, client_secret, scopes, groups_claim, username_claim,
         allow_create, default_role, rules, enabled, allow_http, created_at, updated_at)
       VALUES ('corp', 'Corp SSO', 'https://idp.example.com', 'berth', 'v1.a.b.c', 'openid profile', 'groups',
         'preferred_username', 1, 'viewer', '[{"group":"ops","team":"ops","role":"operator"}]', 1, 0, 15000, 15001)`,
    ).run();
  },
  14: (db) => {
    db.prepare(
      `INSERT INTO alert_channels (id, name, kind, url, url_origin, secret, options, operator_usable, created_at,
         updated_at)
       VALUES (14, 'mail', 'email', 'v1.g.h.i', 'smtp://mail.example:587', NULL, '{"to":["a@b.c"]}', 1, 14000, 14000)`,
    ).run();
    db.prepare(
      `INSERT INTO alert_rules (id, name, kind, enabled, scope, params, cooldown_seconds, owner_id, team_ids,
         created_at, updated_at)
       VALUES (14, 'hot', 'cpu', 1, '{"project":"shop"}', '{"thresholdPercent":90}', 300, 2, '[1]', 14000, 14000)`,
    ).run();
  },
  13: (db) => {
    db.prepare(
      `INSERT INTO stats_series (id, env, project, name, container_id, image, last_seen)
       VALUES (1, 'local', 'shop', 'shop-web-1', 'abc', 'nginx', 13000)`,
    ).run();
    db.prepare(
      `INSERT INTO stats_instances (series_id, container_id, first_seen, last_seen) VALUES (1, 'abc', 12000, 13000)`,
    ).run();
    db.prepare(
      `INSERT INTO stats_points (series_id, resolution, t, cpu, cpu_max, mem, mem_max, mem_limit, net_rx, net_tx,
         blk_read, blk_write) VALUES (1, 10, 13000, 12.5, 20, 1000, 1200, 4000, 1, 2, 3, 4)`,
    ).run();
  },
};

/** The rows every seed up to `version` wrote, as the latest schema must still show them. */
function checkRows(db: Db, version: number): void {
  const count = (table: string) =>
    (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  if (version >= 1) {
    expect(
      db.prepare("SELECT value, updated_at FROM settings WHERE key = 'auditRetentionDays'").get(),
    ).toEqual({ value: '90', updated_at: 1000 });
  }
  if (version >= 2) {
    expect(db.prepare('SELECT * FROM users WHERE id = 1').get()).toMatchObject({
      username: 'Ann',
      password_hash: '$argon2id$hash',
      role: 'admin',
      totp_secret: 'v1.a.b.c',
      totp_enabled: 1,
      totp_last_counter: 42,
      recovery_codes: '["x"]',
    });
    // Usernames stay case-insensitive.
    expect(db.prepare("SELECT id FROM users WHERE username = 'ann'").get()).toEqual({ id: 1 });
    expect(count('users')).toBe(2);
    expect(db.prepare('SELECT user_id FROM team_members WHERE team_id = 1').all()).toEqual([{ user_id: 2 }]);
    expect(db.prepare('SELECT user_id, ip FROM sessions').all()).toEqual([{ user_id: 1, ip: '10.0.0.1' }]);
    // Entries from before environments were on the local engine.
    expect(db.prepare('SELECT action, command, result, env FROM audit_log WHERE at = 1000').all()).toEqual([
      { action: 'container.start', command: 'docker start web', result: 'ok', env: 'local' },
    ]);
    // A token from before version 4 gets the defaults: no address, revoked with the sessions.
    expect(db.prepare('SELECT * FROM api_tokens WHERE id = 1').get()).toMatchObject({
      name: 'ci',
      token_hash: 'token-hash',
      last_used_at: 1200,
      ...(version < 4 ? { last_used_ip: null, keep_on_revoke: 0 } : {}),
    });
    // Still append-only, still cascading.
    expect(() => db.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow(/append-only/);
  }
  if (version >= 3) {
    expect(db.prepare('SELECT name, url, username, secret FROM registries').all()).toEqual([
      { name: 'Hub', url: 'https://registry.example', username: 'ci', secret: 'v1.iv.tag.ct' },
    ]);
  }
  if (version >= 4) {
    expect(db.prepare('SELECT last_used_ip, keep_on_revoke FROM api_tokens WHERE id = 2').get()).toEqual({
      last_used_ip: '10.0.0.2',
      keep_on_revoke: 1,
    });
  }
  if (version >= 5) {
    // Stacks from before environments are the local engine's.
    expect(
      db.prepare("SELECT name, origin, updated_by FROM stacks WHERE environment = 'local'").all(),
    ).toEqual([{ name: 'shop', origin: 'berth', updated_by: 'Ann' }]);
    expect(db.prepare('SELECT environment, stack, version, deployed FROM stack_versions').all()).toEqual([
      { environment: 'local', stack: 'shop', version: 1, deployed: 1 },
    ]);
  }
  if (version >= 6) {
    expect(db.prepare('SELECT id, address, tls FROM environments').all()).toEqual([
      { id: 'prod', address: 'tcp://10.0.0.1:2376', tls: 'v1.a.b.c' },
    ]);
    expect(db.prepare('SELECT env FROM audit_log WHERE at = 6000').get()).toEqual({ env: 'prod' });
  }
  if (version >= 7) {
    expect(db.prepare('SELECT team_id, env, role FROM team_environment_roles').all()).toEqual([
      { team_id: 1, env: 'prod', role: 'viewer' },
    ]);
    // A role per environment goes with its team (tried, then undone).
    db.exec('SAVEPOINT cascade');
    db.prepare('DELETE FROM teams WHERE id = 1').run();
    expect(count('team_environment_roles')).toBe(0);
    db.exec('ROLLBACK TO cascade; RELEASE cascade');
  }
  if (version >= 8) {
    expect(db.prepare('SELECT environment, name FROM stacks ORDER BY environment').all()).toEqual([
      { environment: 'local', name: 'shop' },
      { environment: 'prod', name: 'shop' },
    ]);
    // Versions still go with their stack, now per environment (tried, then undone).
    db.exec('SAVEPOINT cascade');
    db.prepare("DELETE FROM stacks WHERE environment = 'local' AND name = 'shop'").run();
    expect(count('stack_versions')).toBe(0);
    db.exec('ROLLBACK TO cascade; RELEASE cascade');
  }
  if (version >= 9) {
    expect(
      db.prepare("SELECT name, kind, url_origin, secret FROM alert_channels WHERE kind != 'email'").all(),
    ).toEqual([{ name: 'ops', kind: 'webhook', url_origin: 'https://hooks.example', secret: 'v1.d.e.f' }]);
    expect(db.prepare('SELECT rule_name, target, acknowledged_at FROM alert_firings').all()).toEqual([
      { rule_name: 'crash', target: 'web-1', acknowledged_at: null },
    ]);
    // The channels table's rebuild (v14) keeps the links to it.
    expect(db.prepare('SELECT rule_id, channel_id FROM alert_rule_channels').all()).toEqual([
      { rule_id: 1, channel_id: 1 },
    ]);
    expect(db.prepare('SELECT channel_id FROM alert_deliveries').all()).toEqual([{ channel_id: 1 }]);
    // A removed rule keeps its firings; a removed channel keeps the delivery record (tried, then undone).
    db.exec('SAVEPOINT cascade');
    db.prepare('DELETE FROM alert_rules WHERE id = 1').run();
    db.prepare('DELETE FROM alert_channels WHERE id = 1').run();
    expect(db.prepare('SELECT rule_id FROM alert_firings WHERE id = 1').all()).toEqual([{ rule_id: null }]);
    expect(db.prepare('SELECT channel_id, status FROM alert_deliveries').all()).toEqual([
      { channel_id: null, status: 'ok' },
    ]);
    expect(count('alert_rule_channels')).toBe(0);
    db.exec('ROLLBACK TO cascade; RELEASE cascade');
  }
  if (version >= 14) {
    expect(
      db.prepare('SELECT name, kind, url_origin, operator_usable FROM alert_channels WHERE id = 14').get(),
    ).toEqual({ name: 'mail', kind: 'email', url_origin: 'smtp://mail.example:587', operator_usable: 1 });
    expect(db.prepare('SELECT owner_id, team_ids FROM alert_rules WHERE id = 14').get()).toEqual({
      owner_id: 2,
      team_ids: '[1]',
    });
    // A removed owner leaves the rule to its teams (tried, then undone).
    db.exec('SAVEPOINT cascade');
    db.prepare('DELETE FROM users WHERE id = 2').run();
    expect(db.prepare('SELECT owner_id FROM alert_rules WHERE id = 14').get()).toEqual({ owner_id: null });
    db.exec('ROLLBACK TO cascade; RELEASE cascade');
  }
  if (version >= 16) {
    expect(db.prepare('SELECT config, bind_password FROM ldap_config').all()).toEqual([
      { config: '{"enabled":true}', bind_password: 'v1.x' },
    ]);
    // One directory per install.
    expect(() =>
      db.prepare("INSERT INTO ldap_config (id, config, updated_at) VALUES (2, '{}', 1)").run(),
    ).toThrow(/CHECK/);
  }
  if (version >= 15) {
    expect(
      db.prepare('SELECT id, issuer, client_secret, allow_create, rules FROM oidc_providers').all(),
    ).toEqual([
      {
        id: 'corp',
        issuer: 'https://idp.example.com',
        client_secret: 'v1.a.b.c',
        allow_create: 1,
        rules: '[{"group":"ops","team":"ops","role":"operator"}]',
      },
    ]);
  }
  if (version >= 11) {
    expect(
      db.prepare('SELECT user_id, source, provider, subject, groups FROM user_identities').all(),
    ).toEqual([{ user_id: 2, source: 'oidc', provider: 'corp', subject: 'sub-bob', groups: '["ops"]' }]);
    expect(count('identity_team_grants')).toBe(1);
    // One account per subject of a provider.
    expect(() =>
      db
        .prepare(
          "INSERT INTO user_identities (user_id, source, provider, subject, created_at) VALUES (1, 'oidc', 'corp', 'sub-bob', 1)",
        )
        .run(),
    ).toThrow(/UNIQUE/);
  }
  if (version >= 10) {
    expect(db.prepare('SELECT user_id, credential_id, counter, name FROM passkeys').all()).toEqual([
      { user_id: 2, credential_id: 'cred-bob', counter: 7, name: 'laptop' },
    ]);
    // A credential id signs in one user only.
    expect(() =>
      db
        .prepare(
          `INSERT INTO passkeys (user_id, credential_id, public_key, name, created_at)
           VALUES (1, 'cred-bob', X'00', 'copy', 10001)`,
        )
        .run(),
    ).toThrow(/UNIQUE/);
    // Passkeys go with their user (tried, then undone).
    db.exec('SAVEPOINT cascade');
    db.prepare('DELETE FROM users WHERE id = 2').run();
    expect(count('passkeys')).toBe(0);
    db.exec('ROLLBACK TO cascade; RELEASE cascade');
  }
  if (version >= 12) {
    expect(db.prepare('SELECT value, updated_at FROM log_history_config').all()).toEqual([
      {
        value: '{"all":false,"names":["web"],"labels":[],"projects":[],"maxAgeDays":3,"maxBytes":1048576}',
        updated_at: 12000,
      },
    ]);
    // One row only.
    expect(() =>
      db.prepare("INSERT INTO log_history_config (id, value, updated_at) VALUES (2, '{}', 1)").run(),
    ).toThrow(/CHECK/);
  }
  if (version >= 13) {
    expect(db.prepare('SELECT project, name, container_id FROM stats_series').all()).toEqual([
      { project: 'shop', name: 'shop-web-1', container_id: 'abc' },
    ]);
    // Points and instances go with their series (tried, then undone).
    db.exec('SAVEPOINT cascade');
    db.prepare('DELETE FROM stats_series WHERE id = 1').run();
    expect(count('stats_points') + count('stats_instances')).toBe(0);
    db.exec('ROLLBACK TO cascade; RELEASE cascade');
  }
}

/** sqlite_master without whitespace differences, schema_migrations' timestamps left out. */
function schemaOf(db: Db): { type: string; name: string; tbl_name: string; sql: string | null }[] {
  return db
    .prepare<[], { type: string; name: string; tbl_name: string; sql: string | null }>(
      "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )
    .all()
    .map((row) => ({ ...row, sql: row.sql?.replace(/\s+/g, ' ').trim() ?? null }));
}

describe('migrations from every earlier schema version', () => {
  // Versions need not be contiguous (branches take numbers concurrently): every version present has a seed.
  it('has a seed for every version, so every path below carries data', () => {
    expect(Object.keys(seeds).map(Number)).toEqual(migrations.map((m) => m.version).sort((a, b) => a - b));
  });

  const fresh = () => {
    const db = openDatabase(dbFile());
    const schema = schemaOf(db);
    db.close();
    return schema;
  };

  for (let version = 0; version < LATEST; version++) {
    it(`brings a version ${version} database to version ${LATEST} with its rows and the fresh schema`, () => {
      const file = dbFile();
      const old = openDatabase(
        file,
        migrations.filter((m) => m.version <= version),
      );
      for (let v = 1; v <= version; v++) seeds[v]?.(old);
      old.close();

      const db = openDatabase(file);
      const versions = db
        .prepare<[], { version: number }>('SELECT version FROM schema_migrations ORDER BY version')
        .all()
        .map((r) => r.version);
      expect(versions).toEqual(migrations.map((m) => m.version).sort((a, b) => a - b));
      checkRows(db, version);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      // What later releases write still fits after the upgrade.
      for (let v = version + 1; v <= LATEST; v++) seeds[v]?.(db);
      checkRows(db, LATEST);
      expect(schemaOf(db)).toEqual(fresh());
      // Nothing left to run.
      expect(migrate(db, migrations)).toEqual([]);
      db.close();
    });
  }
});
