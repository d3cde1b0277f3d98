import type {
  AlertChannelCreate,
  AlertChannelUpdate,
  AlertRuleCreate,
  AlertRuleUpdate,
} from '@/lib/alerts/schemas';
import type {
  AlertChannelView,
  AlertDeliveryView,
  AlertFiringView,
  AlertRuleKind,
  AlertRuleView,
  AlertScope,
  DeliveryStatus,
} from '@/lib/alerts/types';
import type { ChannelSecrets } from '@/server/alerts/channels';
import type { Firing } from '@/server/alerts/evaluator';
import { type Db, db } from '@/server/db';
import { HttpError } from '@/server/http/errors';
import { decryptSecret, encryptSecret } from '@/server/security/crypto';
import { secretKey } from '@/server/security/keys';

/** Ciphertexts are bound to their row and field: copied elsewhere they do not decrypt. */
const aad = (id: number, field: 'url' | 'secret') => `alert-channel:${id}:${field}`;

interface ChannelRow {
  id: number;
  name: string;
  kind: AlertChannelView['kind'];
  url: string;
  url_origin: string;
  secret: string | null;
  options: string;
  operator_usable: number;
  created_at: number;
  updated_at: number;
}

interface RuleRow {
  id: number;
  name: string;
  kind: AlertRuleKind;
  enabled: number;
  scope: string;
  params: string;
  cooldown_seconds: number;
  owner_id: number | null;
  owner_name: string | null;
  team_ids: string;
  created_at: number;
  updated_at: number;
}

interface FiringRow {
  id: number;
  rule_id: number | null;
  rule_name: string;
  kind: AlertRuleKind;
  env: string;
  target: string;
  container_id: string | null;
  message: string;
  details: string;
  fired_at: number;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
}

interface DeliveryRow {
  id: number;
  firing_id: number;
  channel_id: number | null;
  channel_name: string;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  updated_at: number;
}

const json = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

// Channels

function channelView(row: ChannelRow): AlertChannelView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    urlOrigin: row.url_origin,
    hasSecret: row.secret !== null,
    options: json(row.options, {}),
    operatorUsable: row.operator_usable === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** What lists show of a URL: scheme://host[:port] (URL.origin is "null" for smtp:). */
export function urlOrigin(raw: string): string {
  const u = new URL(raw);
  return `${u.protocol}//${u.host}`;
}

function channelRow(id: number): ChannelRow {
  const row = db().prepare<[number], ChannelRow>('SELECT * FROM alert_channels WHERE id = ?').get(id);
  if (!row) throw new HttpError(404, 'not_found', `No alert channel with id ${id}`);
  return row;
}

export function listChannels(): AlertChannelView[] {
  return db().prepare<[], ChannelRow>('SELECT * FROM alert_channels ORDER BY name').all().map(channelView);
}

export function getChannel(id: number): AlertChannelView {
  return channelView(channelRow(id));
}

/** `input.url` must have been checked (server/alerts/outbound.ts) by the caller. */
export function createChannel(input: AlertChannelCreate): AlertChannelView {
  const now = Date.now();
  const origin = urlOrigin(input.url);
  try {
    const id = db().transaction(() => {
      const res = db()
        .prepare(
          `INSERT INTO alert_channels
             (name, kind, url, url_origin, secret, options, operator_usable, created_at, updated_at)
           VALUES (?, ?, '', ?, NULL, ?, ?, ?, ?)`,
        )
        .run(
          input.name,
          input.kind,
          origin,
          JSON.stringify(input.options),
          input.operatorUsable ? 1 : 0,
          now,
          now,
        );
      const newId = Number(res.lastInsertRowid);
      db()
        .prepare('UPDATE alert_channels SET url = ?, secret = ? WHERE id = ?')
        .run(
          encryptSecret(secretKey(), input.url, aad(newId, 'url')),
          input.secret ? encryptSecret(secretKey(), input.secret, aad(newId, 'secret')) : null,
          newId,
        );
      return newId;
    })();
    return getChannel(id);
  } catch (err) {
    throw nameConflict(err, input.name);
  }
}

function nameConflict(err: unknown, name: string | undefined): unknown {
  if (String((err as Error).message).includes('UNIQUE'))
    return new HttpError(409, 'conflict', `A channel named "${name}" already exists`, [
      { path: 'body.name', message: 'Already in use' },
    ]);
  return err;
}

/**
 * Edits a channel; what the patch leaves out is kept, the secret above all (`null` clears it). A new URL must
 * have been checked by the caller.
 */
export function updateChannel(id: number, patch: AlertChannelUpdate): AlertChannelView {
  const row = channelRow(id);
  const sets: string[] = ['updated_at = ?'];
  const values: (string | number | null)[] = [Date.now()];
  const set = (column: string, value: string | number | null) => {
    sets.push(`${column} = ?`);
    values.push(value);
  };
  if (patch.name !== undefined) set('name', patch.name);
  if (patch.url !== undefined) {
    set('url', encryptSecret(secretKey(), patch.url, aad(id, 'url')));
    set('url_origin', urlOrigin(patch.url));
  }
  if (patch.secret !== undefined) {
    set('secret', patch.secret ? encryptSecret(secretKey(), patch.secret, aad(id, 'secret')) : null);
  }
  if (patch.options !== undefined) set('options', JSON.stringify(patch.options));
  if (patch.operatorUsable !== undefined) set('operator_usable', patch.operatorUsable ? 1 : 0);
  try {
    db()
      .prepare(`UPDATE alert_channels SET ${sets.join(', ')} WHERE id = ?`)
      .run(...values, row.id);
  } catch (err) {
    throw nameConflict(err, patch.name);
  }
  return getChannel(id);
}

export function deleteChannel(id: number): void {
  channelRow(id);
  db().prepare('DELETE FROM alert_channels WHERE id = ?').run(id);
}

/** The decrypted URL and secret, for the server only. */
export function channelSecrets(id: number): ChannelSecrets & { name: string } {
  const row = channelRow(id);
  return {
    name: row.name,
    kind: row.kind,
    url: decryptSecret(secretKey(), row.url, aad(id, 'url')),
    secret: row.secret ? decryptSecret(secretKey(), row.secret, aad(id, 'secret')) : null,
    options: json(row.options, {}),
  };
}

// Rules

function ruleChannels(ruleId: number): number[] {
  return db()
    .prepare<[number], { channel_id: number }>(
      'SELECT channel_id FROM alert_rule_channels WHERE rule_id = ? ORDER BY channel_id',
    )
    .all(ruleId)
    .map((r) => r.channel_id);
}

function ruleView(row: RuleRow): AlertRuleView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    enabled: row.enabled === 1,
    scope: json<AlertScope>(row.scope, { environments: '*' }),
    params: json(row.params, {}),
    cooldownSeconds: row.cooldown_seconds,
    channelIds: ruleChannels(row.id),
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    teamIds: json<number[]>(row.team_ids, []),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const RULE_SELECT =
  'SELECT r.*, u.username AS owner_name FROM alert_rules r LEFT JOIN users u ON u.id = r.owner_id';

function ruleRow(id: number): RuleRow {
  const row = db().prepare<[number], RuleRow>(`${RULE_SELECT} WHERE r.id = ?`).get(id);
  if (!row) throw new HttpError(404, 'not_found', `No alert rule with id ${id}`);
  return row;
}

export function listRules(): AlertRuleView[] {
  return db().prepare<[], RuleRow>(`${RULE_SELECT} ORDER BY r.name, r.id`).all().map(ruleView);
}

export function getRule(id: number): AlertRuleView {
  return ruleView(ruleRow(id));
}

function checkChannels(ids: number[]): void {
  for (const id of ids) {
    if (!db().prepare('SELECT 1 FROM alert_channels WHERE id = ?').get(id))
      throw new HttpError(400, 'bad_request', `No alert channel with id ${id}`, [
        { path: 'body.channelIds', message: `No channel ${id}` },
      ]);
  }
}

function setChannels(ruleId: number, ids: number[]): void {
  db().prepare('DELETE FROM alert_rule_channels WHERE rule_id = ?').run(ruleId);
  const insert = db().prepare(
    'INSERT OR IGNORE INTO alert_rule_channels (rule_id, channel_id) VALUES (?, ?)',
  );
  for (const id of ids) insert.run(ruleId, id);
}

/** `owner`: who writes it and the teams it belongs to ([] for an admin's rule, which operators cannot touch). */
export function createRule(
  input: AlertRuleCreate,
  owner: { id: number | null; teamIds: number[] } = { id: null, teamIds: [] },
): AlertRuleView {
  checkChannels(input.channelIds);
  const now = Date.now();
  const id = db().transaction(() => {
    const res = db()
      .prepare(
        `INSERT INTO alert_rules
           (name, kind, enabled, scope, params, cooldown_seconds, owner_id, team_ids, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.name,
        input.kind,
        input.enabled ? 1 : 0,
        JSON.stringify(input.scope),
        JSON.stringify(input.params),
        input.cooldownSeconds,
        owner.id,
        JSON.stringify(owner.teamIds),
        now,
        now,
      );
    const newId = Number(res.lastInsertRowid);
    setChannels(newId, input.channelIds);
    return newId;
  })();
  return getRule(id);
}

export function updateRule(id: number, input: AlertRuleUpdate): AlertRuleView {
  const current = getRule(id);
  if (input.channelIds) checkChannels(input.channelIds);
  db().transaction(() => {
    db()
      .prepare(
        `UPDATE alert_rules SET name = ?, enabled = ?, scope = ?, params = ?, cooldown_seconds = ?, updated_at = ?
         WHERE id = ?`,
      )
      .run(
        input.name ?? current.name,
        (input.enabled ?? current.enabled) ? 1 : 0,
        JSON.stringify(input.scope ?? current.scope),
        JSON.stringify(input.params ?? current.params),
        input.cooldownSeconds ?? current.cooldownSeconds,
        Date.now(),
        id,
      );
    if (input.channelIds) setChannels(id, input.channelIds);
  })();
  return getRule(id);
}

export function deleteRule(id: number): void {
  ruleRow(id);
  db().prepare('DELETE FROM alert_rules WHERE id = ?').run(id);
}

// Firings and deliveries

function deliveryView(row: DeliveryRow): AlertDeliveryView {
  return {
    channelId: row.channel_id,
    channelName: row.channel_name,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    updatedAt: row.updated_at,
  };
}

function firingViews(rows: FiringRow[]): AlertFiringView[] {
  const deliveries = db().prepare<[number], DeliveryRow>(
    'SELECT * FROM alert_deliveries WHERE firing_id = ? ORDER BY id',
  );
  return rows.map((row) => ({
    id: row.id,
    ruleId: row.rule_id,
    ruleName: row.rule_name,
    kind: row.kind,
    env: row.env,
    target: row.target,
    containerId: row.container_id,
    message: row.message,
    details: json(row.details, {}),
    firedAt: row.fired_at,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by,
    deliveries: deliveries.all(row.id).map(deliveryView),
  }));
}

export function listFirings(opts: { limit: number; unacknowledged?: boolean }): AlertFiringView[] {
  const where = opts.unacknowledged ? 'WHERE acknowledged_at IS NULL' : '';
  return firingViews(
    db()
      .prepare<[number], FiringRow>(
        `SELECT * FROM alert_firings ${where} ORDER BY fired_at DESC, id DESC LIMIT ?`,
      )
      .all(opts.limit),
  );
}

export function getFiring(id: number): AlertFiringView {
  const row = db().prepare<[number], FiringRow>('SELECT * FROM alert_firings WHERE id = ?').get(id);
  if (!row) throw new HttpError(404, 'not_found', `No alert firing with id ${id}`);
  const [view] = firingViews([row]);
  if (!view) throw new HttpError(404, 'not_found', `No alert firing with id ${id}`);
  return view;
}

export function acknowledgeFiring(id: number, by: string): AlertFiringView {
  getFiring(id);
  db()
    .prepare(
      'UPDATE alert_firings SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND acknowledged_at IS NULL',
    )
    .run(Date.now(), by, id);
  return getFiring(id);
}

/** Stores a firing with a pending delivery per channel of its rule; returns ids to deliver. */
export function recordFiring(firing: Firing): {
  id: number;
  deliveries: { id: number; channelId: number }[];
} {
  return db().transaction(() => {
    const res = db()
      .prepare(
        `INSERT INTO alert_firings (rule_id, rule_name, kind, env, target, container_id, message, details, fired_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        firing.ruleId,
        firing.ruleName,
        firing.kind,
        firing.env,
        firing.target,
        firing.containerId,
        firing.message,
        JSON.stringify(firing.details),
        firing.at,
      );
    const id = Number(res.lastInsertRowid);
    const channels = db()
      .prepare<[number], { id: number; name: string }>(
        `SELECT c.id, c.name FROM alert_rule_channels rc JOIN alert_channels c ON c.id = rc.channel_id
         WHERE rc.rule_id = ? ORDER BY c.id`,
      )
      .all(firing.ruleId);
    const insert = db().prepare(
      `INSERT INTO alert_deliveries (firing_id, channel_id, channel_name, status, attempts, updated_at)
       VALUES (?, ?, ?, 'pending', 0, ?)`,
    );
    const deliveries = channels.map((c) => ({
      id: Number(insert.run(id, c.id, c.name, Date.now()).lastInsertRowid),
      channelId: c.id,
    }));
    return { id, deliveries };
  })();
}

export function updateDelivery(
  id: number,
  status: DeliveryStatus,
  attempts: number,
  error: string | null,
): void {
  db()
    .prepare(
      'UPDATE alert_deliveries SET status = ?, attempts = ?, last_error = ?, updated_at = ? WHERE id = ?',
    )
    .run(status, attempts, error, Date.now(), id);
}

/** The ids of a user's teams. */
export function teamIdsOf(userId: number): number[] {
  return db()
    .prepare<[number], { team_id: number }>(
      'SELECT team_id FROM team_members WHERE user_id = ? ORDER BY team_id',
    )
    .all(userId)
    .map((r) => r.team_id);
}

export interface Retention {
  now: number;
  days: number;
  rows: number;
}

/**
 * Deletes firings older than `days` and, past that, the oldest beyond the newest `rows` (their deliveries go
 * with them). Returns how many went.
 */
export function pruneFirings(database: Db, r: Retention): number {
  const cutoff = r.now - r.days * 86_400_000;
  const byAge = database.prepare('DELETE FROM alert_firings WHERE fired_at < ?').run(cutoff).changes;
  const byCount = database
    .prepare(
      `DELETE FROM alert_firings WHERE id IN (
         SELECT id FROM alert_firings ORDER BY fired_at DESC, id DESC LIMIT -1 OFFSET ?)`,
    )
    .run(r.rows).changes;
  return byAge + byCount;
}
