import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up: (db: Database.Database) => void;
}

/** Ordered, append-only: a released migration is never edited, a change is a new one. */
export const migrations: Migration[] = [
  {
    version: 1,
    name: 'settings',
    up: (db) => {
      db.exec(`
        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 2,
    name: 'accounts, sessions, api tokens, teams, audit log',
    up: (db) => {
      db.exec(`
        CREATE TABLE users (
          id INTEGER PRIMARY KEY,
          username TEXT NOT NULL UNIQUE COLLATE NOCASE,
          password_hash TEXT NOT NULL,
          role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
          disabled INTEGER NOT NULL DEFAULT 0,
          totp_secret TEXT,
          totp_enabled INTEGER NOT NULL DEFAULT 0,
          totp_last_counter INTEGER,
          recovery_codes TEXT,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE teams (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE COLLATE NOCASE,
          role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
          created_at INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE team_members (
          team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
          user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          PRIMARY KEY (team_id, user_id)
        ) STRICT;

        -- Only hashes of session ids and tokens are stored: a copy of the db logs no one in.
        CREATE TABLE sessions (
          id_hash TEXT PRIMARY KEY,
          user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          created_at INTEGER NOT NULL,
          last_seen_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL,
          ip TEXT,
          user_agent TEXT
        ) STRICT;
        CREATE INDEX sessions_user ON sessions(user_id);

        CREATE TABLE api_tokens (
          id INTEGER PRIMARY KEY,
          user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          name TEXT NOT NULL,
          prefix TEXT NOT NULL,
          token_hash TEXT NOT NULL UNIQUE,
          created_at INTEGER NOT NULL,
          last_used_at INTEGER,
          expires_at INTEGER
        ) STRICT;

        CREATE TABLE audit_log (
          id INTEGER PRIMARY KEY,
          at INTEGER NOT NULL,
          user_id INTEGER,
          username TEXT,
          role TEXT,
          ip TEXT,
          action TEXT NOT NULL,
          target TEXT,
          command TEXT,
          result TEXT NOT NULL CHECK (result IN ('ok', 'error')),
          error TEXT
        ) STRICT;
        CREATE INDEX audit_log_at ON audit_log(at);
        -- Append-only from the app: rows are never edited; only retention deletes old ones.
        CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      `);
    },
  },
  {
    version: 3,
    name: 'registries',
    up: (db) => {
      db.exec(`
        -- secret: the password or token, AES-256-GCM encrypted (server/security/crypto.ts), bound to the row id.
        CREATE TABLE registries (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE COLLATE NOCASE,
          url TEXT NOT NULL,
          username TEXT,
          secret TEXT,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 4,
    name: 'api tokens: last client address, kept across log-out-everywhere',
    up: (db) => {
      db.exec(`
        -- The address a token was last used from (written with last_used_at, at most once a minute).
        ALTER TABLE api_tokens ADD COLUMN last_used_ip TEXT;
        -- 1: the token survives "log out everywhere" and password changes; 0 (default): revoked with them.
        ALTER TABLE api_tokens ADD COLUMN keep_on_revoke INTEGER NOT NULL DEFAULT 0 CHECK (keep_on_revoke IN (0, 1));
        CREATE INDEX api_tokens_user ON api_tokens(user_id);
      `);
    },
  },
  {
    version: 5,
    name: 'compose stacks: metadata and saved versions',
    up: (db) => {
      db.exec(`
        -- The files live under BERTH_DATA_DIR/stacks/<name>/ (so docker compose works on them by hand); this
        -- table says which folders are Berth's, where they came from and who changed them.
        CREATE TABLE stacks (
          name TEXT PRIMARY KEY,
          origin TEXT NOT NULL CHECK (origin IN ('berth', 'adopted')),
          created_at INTEGER NOT NULL,
          created_by TEXT,
          updated_at INTEGER NOT NULL,
          updated_by TEXT,
          -- Adopted stacks: the folder the project ran from, where its relative paths (./data, build contexts)
          -- resolve; null: the stack's own folder.
          project_dir TEXT
        ) STRICT;

        -- The last saved versions of the files (history and rollback); env is encrypted (it holds secrets).
        CREATE TABLE stack_versions (
          stack TEXT NOT NULL REFERENCES stacks(name) ON DELETE CASCADE,
          version INTEGER NOT NULL,
          compose TEXT NOT NULL,
          override TEXT,
          env TEXT,
          created_at INTEGER NOT NULL,
          author TEXT,
          deployed INTEGER NOT NULL DEFAULT 0 CHECK (deployed IN (0, 1)),
          PRIMARY KEY (stack, version)
        ) STRICT;
      `);
    },
  },
  {
    version: 6,
    name: 'environments: other engines, and the engine of each audit entry',
    up: (db) => {
      db.exec(`
        -- The engines Berth manages besides the one it was started with ('local', from DOCKER_HOST, never stored).
        -- tls: the CA, client certificate and key as one JSON document; ssh_key, ssh_passphrase: the SSH key and
        -- its passphrase. All three AES-256-GCM encrypted (server/security/crypto.ts), bound to the row id.
        CREATE TABLE environments (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          address TEXT NOT NULL,
          tls TEXT,
          ssh_key TEXT,
          ssh_passphrase TEXT,
          created_at INTEGER NOT NULL
        ) STRICT;
        -- Which engine an action was done on ('local' for every entry before environments existed).
        ALTER TABLE audit_log ADD COLUMN env TEXT NOT NULL DEFAULT 'local';
      `);
    },
  },
  {
    version: 7,
    name: 'teams: a role per environment',
    up: (db) => {
      db.exec(`
        -- A team's role on one environment, replacing the team's own role there (viewer on prod, operator on
        -- staging). env is an environment id or 'local'; the rows of a removed environment go with it
        -- (server/environments/store.ts), as a team's go with the team.
        CREATE TABLE team_environment_roles (
          team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
          env TEXT NOT NULL,
          role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
          PRIMARY KEY (team_id, env)
        ) STRICT;
      `);
    },
  },
  {
    version: 8,
    name: 'compose stacks per environment',
    up: (db) => {
      // The primary keys change (a stack's name is unique per environment): SQLite rebuilds the tables.
      // `environment`: an environment id or 'local' (`env` stays the encrypted .env of a version).
      db.exec(`
        CREATE TABLE stacks_by_env (
          environment TEXT NOT NULL DEFAULT 'local',
          name TEXT NOT NULL,
          origin TEXT NOT NULL CHECK (origin IN ('berth', 'adopted')),
          created_at INTEGER NOT NULL,
          created_by TEXT,
          updated_at INTEGER NOT NULL,
          updated_by TEXT,
          project_dir TEXT,
          PRIMARY KEY (environment, name)
        ) STRICT;
        INSERT INTO stacks_by_env
          SELECT 'local', name, origin, created_at, created_by, updated_at, updated_by, project_dir FROM stacks;

        CREATE TABLE stack_versions_by_env (
          environment TEXT NOT NULL DEFAULT 'local',
          stack TEXT NOT NULL,
          version INTEGER NOT NULL,
          compose TEXT NOT NULL,
          override TEXT,
          env TEXT,
          created_at INTEGER NOT NULL,
          author TEXT,
          deployed INTEGER NOT NULL DEFAULT 0 CHECK (deployed IN (0, 1)),
          PRIMARY KEY (environment, stack, version),
          FOREIGN KEY (environment, stack) REFERENCES stacks_by_env(environment, name) ON DELETE CASCADE
        ) STRICT;
        INSERT INTO stack_versions_by_env
          SELECT 'local', stack, version, compose, override, env, created_at, author, deployed FROM stack_versions;

        DROP TABLE stack_versions;
        DROP TABLE stacks;
        ALTER TABLE stacks_by_env RENAME TO stacks;
        ALTER TABLE stack_versions_by_env RENAME TO stack_versions;
      `);
    },
  },
  {
    version: 9,
    name: 'alerts: rules, channels, firings and deliveries',
    up: (db) => {
      db.exec(`
        -- Where notifications go. url and secret are AES-256-GCM encrypted (a webhook URL may hold a token),
        -- bound to the row id; url_origin is the scheme://host[:port] shown in lists.
        CREATE TABLE alert_channels (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE COLLATE NOCASE,
          kind TEXT NOT NULL CHECK (kind IN ('webhook', 'ntfy', 'slack')),
          url TEXT NOT NULL,
          url_origin TEXT NOT NULL,
          secret TEXT,
          options TEXT NOT NULL DEFAULT '{}',
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;
        -- What to watch: kind, scope (JSON: name glob, label, project, environments) and parameters (JSON).
        CREATE TABLE alert_rules (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          kind TEXT NOT NULL,
          enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
          scope TEXT NOT NULL DEFAULT '{}',
          params TEXT NOT NULL DEFAULT '{}',
          cooldown_seconds INTEGER NOT NULL DEFAULT 300,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE alert_rule_channels (
          rule_id INTEGER NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
          channel_id INTEGER NOT NULL REFERENCES alert_channels(id) ON DELETE CASCADE,
          PRIMARY KEY (rule_id, channel_id)
        ) STRICT;
        -- Every firing, kept after its rule is removed (rule_name says which it was).
        CREATE TABLE alert_firings (
          id INTEGER PRIMARY KEY,
          rule_id INTEGER REFERENCES alert_rules(id) ON DELETE SET NULL,
          rule_name TEXT NOT NULL,
          kind TEXT NOT NULL,
          env TEXT NOT NULL,
          target TEXT NOT NULL,
          container_id TEXT,
          message TEXT NOT NULL,
          details TEXT NOT NULL DEFAULT '{}',
          fired_at INTEGER NOT NULL,
          acknowledged_at INTEGER,
          acknowledged_by TEXT
        ) STRICT;
        CREATE INDEX alert_firings_fired_at ON alert_firings(fired_at);
        CREATE TABLE alert_deliveries (
          id INTEGER PRIMARY KEY,
          firing_id INTEGER NOT NULL REFERENCES alert_firings(id) ON DELETE CASCADE,
          channel_id INTEGER REFERENCES alert_channels(id) ON DELETE SET NULL,
          channel_name TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('pending', 'ok', 'failed')),
          attempts INTEGER NOT NULL DEFAULT 0,
          last_error TEXT,
          updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX alert_deliveries_firing ON alert_deliveries(firing_id);
      `);
    },
  },
  {
    version: 10,
    name: 'passkeys',
    up: (db) => {
      db.exec(`
        -- WebAuthn credentials (server/auth/passkeys.ts). credential_id: the authenticator's id (base64url), unique
        -- across users since sign-in finds the user by it; public_key: the COSE key as the library stored it;
        -- counter: the last signature counter seen, so a cloned authenticator's older counter is refused.
        CREATE TABLE passkeys (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          credential_id TEXT NOT NULL UNIQUE,
          public_key BLOB NOT NULL,
          counter INTEGER NOT NULL DEFAULT 0,
          transports TEXT,
          name TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          last_used_at INTEGER
        ) STRICT;
        CREATE INDEX passkeys_user ON passkeys(user_id);
      `);
    },
  },
  {
    version: 11,
    name: 'outside identities (OIDC, LDAP) and the team memberships they grant',
    up: (db) => {
      db.exec(`
        -- An account signed in through an identity provider is found by (source, provider, subject): the OIDC
        -- \`sub\` or the LDAP entry's stable id, never by e-mail or name alone (server/auth/external.ts).
        CREATE TABLE user_identities (
          id INTEGER PRIMARY KEY,
          user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          source TEXT NOT NULL CHECK (source IN ('oidc', 'ldap')),
          provider TEXT NOT NULL,
          subject TEXT NOT NULL,
          groups TEXT NOT NULL DEFAULT '[]',
          created_at INTEGER NOT NULL,
          last_login_at INTEGER,
          UNIQUE (source, provider, subject)
        ) STRICT;
        CREATE INDEX user_identities_user ON user_identities(user_id);

        -- Team memberships a provider's group rules granted: only these are taken back when the user leaves the
        -- group; a membership an admin made by hand is never touched by a sign-in.
        CREATE TABLE identity_team_grants (
          user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
          source TEXT NOT NULL,
          provider TEXT NOT NULL,
          PRIMARY KEY (user_id, team_id, source, provider)
        ) STRICT;
      `);
    },
  },
  {
    version: 12,
    name: 'log history config',
    up: (db) => {
      db.exec(`
        -- What log history follows and how long it keeps it (server/log-history/config.ts), one JSON row. The
        -- lines themselves live in a database file of their own (log-history.db), so that their volume never
        -- bloats this one, its backups, or its WAL.
        CREATE TABLE log_history_config (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          value TEXT NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 13,
    name: 'stats history',
    up: (db) => {
      db.exec(`
        -- One row per container name + compose project of an environment (server/stats-history): its history
        -- outlives recreation; container_id and image are the latest seen.
        CREATE TABLE stats_series (
          id INTEGER PRIMARY KEY,
          env TEXT NOT NULL,
          project TEXT NOT NULL DEFAULT '',
          name TEXT NOT NULL,
          container_id TEXT NOT NULL,
          image TEXT NOT NULL,
          last_seen INTEGER NOT NULL,
          UNIQUE (env, project, name)
        ) STRICT;
        -- Every container id a series had, and when.
        CREATE TABLE stats_instances (
          series_id INTEGER NOT NULL REFERENCES stats_series(id) ON DELETE CASCADE,
          container_id TEXT NOT NULL,
          first_seen INTEGER NOT NULL,
          last_seen INTEGER NOT NULL,
          PRIMARY KEY (series_id, container_id)
        ) STRICT;
        -- resolution: seconds per point (10 kept 24 h, 60 kept 7 days); t: bucket start, unix ms. cpu: average
        -- CPU % over the bucket; mem: average memory as docker stats shows it; net/blk: bytes during the bucket.
        CREATE TABLE stats_points (
          series_id INTEGER NOT NULL REFERENCES stats_series(id) ON DELETE CASCADE,
          resolution INTEGER NOT NULL,
          t INTEGER NOT NULL,
          cpu REAL NOT NULL,
          cpu_max REAL NOT NULL,
          mem INTEGER NOT NULL,
          mem_max INTEGER NOT NULL,
          mem_limit INTEGER NOT NULL,
          net_rx INTEGER NOT NULL,
          net_tx INTEGER NOT NULL,
          blk_read INTEGER NOT NULL,
          blk_write INTEGER NOT NULL,
          PRIMARY KEY (series_id, resolution, t)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX stats_points_age ON stats_points(resolution, t);
      `);
    },
  },
  {
    version: 14,
    name: 'alerts: e-mail channels, channels operators may use, rules owned by teams',
    up: (db) => {
      // A CHECK cannot be altered: the channels table is rebuilt with the same ids (their ciphertexts are bound to
      // them). Dropping the old table cascades to the links, so they are kept aside and put back.
      db.exec(`
        CREATE TEMP TABLE keep_rule_channels AS SELECT rule_id, channel_id FROM alert_rule_channels;
        CREATE TEMP TABLE keep_delivery_channels AS
          SELECT id, channel_id FROM alert_deliveries WHERE channel_id IS NOT NULL;
        CREATE TABLE alert_channels_v14 (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE COLLATE NOCASE,
          kind TEXT NOT NULL CHECK (kind IN ('webhook', 'ntfy', 'slack', 'email')),
          url TEXT NOT NULL,
          url_origin TEXT NOT NULL,
          secret TEXT,
          options TEXT NOT NULL DEFAULT '{}',
          operator_usable INTEGER NOT NULL DEFAULT 0 CHECK (operator_usable IN (0, 1)),
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;
        INSERT INTO alert_channels_v14 (id, name, kind, url, url_origin, secret, options, created_at, updated_at)
          SELECT id, name, kind, url, url_origin, secret, options, created_at, updated_at FROM alert_channels;
        DROP TABLE alert_channels;
        ALTER TABLE alert_channels_v14 RENAME TO alert_channels;
        INSERT INTO alert_rule_channels (rule_id, channel_id) SELECT rule_id, channel_id FROM keep_rule_channels;
        UPDATE alert_deliveries SET channel_id =
          (SELECT k.channel_id FROM keep_delivery_channels k WHERE k.id = alert_deliveries.id)
          WHERE id IN (SELECT id FROM keep_delivery_channels);
        DROP TABLE keep_rule_channels;
        DROP TABLE keep_delivery_channels;
        -- Who wrote a rule and the teams (JSON array of ids) whose operators may edit it; [] is an admin's rule.
        ALTER TABLE alert_rules ADD COLUMN owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL;
        ALTER TABLE alert_rules ADD COLUMN team_ids TEXT NOT NULL DEFAULT '[]';
        CREATE INDEX alert_deliveries_channel ON alert_deliveries(channel_id);
      `);
    },
  },
  {
    version: 15,
    name: 'OIDC identity providers',
    up: (db) => {
      db.exec(`
        -- OIDC providers an admin configured (the BERTH_OIDC_* one is not stored: it is read at start). The client
        -- secret is encrypted like registry passwords, bound to the provider id (server/auth/oidc/store.ts).
        CREATE TABLE oidc_providers (
          id TEXT PRIMARY KEY,
          label TEXT NOT NULL,
          issuer TEXT NOT NULL,
          client_id TEXT NOT NULL,
          client_secret TEXT,
          scopes TEXT NOT NULL,
          groups_claim TEXT NOT NULL,
          username_claim TEXT NOT NULL,
          allow_create INTEGER NOT NULL DEFAULT 0,
          default_role TEXT NOT NULL CHECK (default_role IN ('viewer', 'operator', 'admin')),
          rules TEXT NOT NULL DEFAULT '[]',
          enabled INTEGER NOT NULL DEFAULT 1,
          allow_http INTEGER NOT NULL DEFAULT 0,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 16,
    name: 'LDAP sign-in directory',
    up: (db) => {
      db.exec(`
        -- The one LDAP directory (server/auth/ldap-store.ts): the settings as JSON (lib/auth/ldap.ts), the service
        -- account's password apart, encrypted with the install's key like registry passwords (AAD ldap:bind).
        CREATE TABLE ldap_config (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          config TEXT NOT NULL,
          bind_password TEXT,
          updated_at INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
];
