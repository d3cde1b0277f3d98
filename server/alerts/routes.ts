import type {
  AlertChannelCreate,
  AlertChannelUpdate,
  AlertRuleCreate,
  AlertRuleUpdate,
} from '@/lib/alerts/schemas';
import { SMTP_URL } from '@/lib/alerts/schemas';
import { type AlertRuleView, ENGINE_WIDE_RULE_KINDS } from '@/lib/alerts/types';
import { can, type SessionUser } from '@/lib/auth/roles';
import { checkHost, checkOutboundUrl, OutboundUrlError } from '@/server/alerts/outbound';
import { smtpTarget } from '@/server/alerts/smtp';
import {
  channelSecrets,
  createChannel,
  getChannel,
  listChannels,
  teamIdsOf,
  updateChannel,
} from '@/server/alerts/store';
import { HttpError } from '@/server/http/errors';
import { getSettings } from '@/server/settings/store';

const badUrl = (err: OutboundUrlError) =>
  new HttpError(400, 'bad_request', `body.url: ${err.message}`, [{ path: 'body.url', message: err.message }]);

/** A channel URL checked for its kind: http(s) for the HTTP channels, smtp://host:port for e-mail. */
async function checkChannelUrl(kind: string, url: string): Promise<void> {
  const policy = { allowPrivate: getSettings().alerts.allowPrivateTargets };
  try {
    if (kind === 'email') {
      if (!SMTP_URL.test(url)) throw new OutboundUrlError('Only smtp://host:port');
      await checkHost(smtpTarget(url).host, policy);
    } else await checkOutboundUrl(url, policy);
  } catch (err) {
    if (!(err instanceof OutboundUrlError)) throw err;
    throw badUrl(err);
  }
}

/** Checks a new channel's URL (400 naming body.url) before it is stored. */
export async function createCheckedChannel(input: AlertChannelCreate) {
  await checkChannelUrl(input.kind, input.url);
  return createChannel(input);
}

/** Edits a channel: a new URL is checked as a new channel's; e-mail keeps its sender and recipients. */
export async function updateCheckedChannel(id: number, patch: AlertChannelUpdate) {
  const current = getChannel(id);
  if (patch.url !== undefined) await checkChannelUrl(current.kind, patch.url);
  if (current.kind === 'email' && patch.options) {
    if (!patch.options.from)
      throw new HttpError(400, 'bad_request', 'body.options.from: A sender address is required', [
        { path: 'body.options.from', message: 'A sender address is required' },
      ]);
    if (!patch.options.to?.length)
      throw new HttpError(400, 'bad_request', 'body.options.to: At least one recipient', [
        { path: 'body.options.to', message: 'At least one recipient' },
      ]);
  }
  // Ensures the stored URL still decrypts before it is kept (a broken key must not pass silently).
  if (patch.url === undefined) channelSecrets(id);
  return updateChannel(id, patch);
}

const isAdmin = (user: SessionUser) => can(user.role, 'alerts:admin');

const forbidden = (message: string, path?: string) =>
  new HttpError(403, 'forbidden', message, path ? [{ path, message }] : undefined);

/** A glob that names containers: some character that is not a wildcard (`*` alone would be every container). */
const namesSomething = (glob: string | undefined) => !!glob && /[^*?]/.test(glob);

/**
 * What an operator may write (admins may write anything): a rule scoped to containers, by a name pattern that is
 * not only wildcards or by a compose project; not the engine-wide kinds; only channels an admin marked usable by
 * operators.
 */
export function checkOperatorRule(
  user: SessionUser,
  input: Pick<AlertRuleCreate, 'kind' | 'scope' | 'channelIds'> | AlertRuleUpdate,
  kind: AlertRuleView['kind'],
): void {
  if (isAdmin(user)) return;
  if (ENGINE_WIDE_RULE_KINDS.includes(kind))
    throw forbidden(`Only admins write ${kind} rules: they watch a whole engine`, 'body.kind');
  if (input.scope && !namesSomething(input.scope.nameGlob) && !input.scope.project)
    throw forbidden(
      "An operator's rule names its containers: a name pattern (not only wildcards) or a compose project",
      'body.scope',
    );
  if (input.channelIds?.length) {
    const usable = new Set(
      listChannels()
        .filter((c) => c.operatorUsable)
        .map((c) => c.id),
    );
    const refused = input.channelIds.find((id) => !usable.has(id));
    if (refused !== undefined) throw forbidden(`Channel ${refused} is for admins only`, 'body.channelIds');
  }
}

/** An operator edits or removes only rules of their own or of one of their teams (never an admin's). */
export function checkRuleOwner(user: SessionUser, rule: AlertRuleView): void {
  if (isAdmin(user)) return;
  if (rule.ownerId === user.id) return;
  const mine = new Set(teamIdsOf(user.id));
  if (rule.teamIds.some((t) => mine.has(t))) return;
  throw forbidden('This rule belongs to an admin or to another team');
}

/** Who a new rule belongs to: an admin's to no team (admins only), an operator's to their teams. */
export function ruleOwner(user: SessionUser): { id: number; teamIds: number[] } {
  return { id: user.id, teamIds: isAdmin(user) ? [] : teamIdsOf(user.id) };
}
