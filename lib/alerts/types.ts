/** Alerts (issue 20): what the browser and the API see. Secrets never leave the server. */

export const ALERT_RULE_KINDS = [
  'exit_nonzero',
  'oom',
  'unhealthy',
  'restarting',
  'engine_unreachable',
  'cpu',
  'memory',
  'log_match',
  'disk',
] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];

export const ALERT_CHANNEL_KINDS = ['webhook', 'ntfy', 'slack', 'email'] as const;

/** E-mail: `tls` is implicit TLS (port 465), `starttls` requires the upgrade (587), `none` sends in the clear. */
export const SMTP_SECURITY = ['tls', 'starttls', 'none'] as const;
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];

/** Rule kinds an operator may not write: they watch a whole engine, not their team's containers. */
export const ENGINE_WIDE_RULE_KINDS: readonly AlertRuleKind[] = ['engine_unreachable', 'disk'];
export type AlertChannelKind = (typeof ALERT_CHANNEL_KINDS)[number];

/** Which containers a rule watches; every field that is set must match. */
export interface AlertScope {
  /** Container name glob (`*` and `?`), e.g. `web-*`. */
  nameGlob?: string;
  /** `key` or `key=value`. */
  label?: string;
  /** Compose project (label com.docker.compose.project). */
  project?: string;
  /** Environment ids (`local` included), or `*` for all. */
  environments: string[] | '*';
}

export interface AlertRuleParams {
  /** `restarting`: more than `restartCount` restarts within `windowMinutes`. */
  restartCount?: number;
  windowMinutes?: number;
  /** `cpu`, `memory`: above `thresholdPercent` for `durationSeconds` without a break. */
  thresholdPercent?: number;
  durationSeconds?: number;
  /** `log_match`: a JavaScript regular expression tested against each new line. */
  pattern?: string;
  /** `disk`: `docker system df` total above this many bytes. */
  diskBytes?: number;
}

export interface ChannelOptions {
  /** ntfy: priority 1–5 and tags. */
  priority?: number;
  tags?: string[];
  /** email. */
  security?: SmtpSecurity;
  user?: string;
  from?: string;
  to?: string[];
}

export interface AlertRuleView {
  id: number;
  name: string;
  kind: AlertRuleKind;
  enabled: boolean;
  scope: AlertScope;
  params: AlertRuleParams;
  cooldownSeconds: number;
  channelIds: number[];
  /** Who wrote it (null: removed user) and the teams it belongs to (empty: an admin's rule). */
  ownerId: number | null;
  ownerName: string | null;
  teamIds: number[];
  createdAt: number;
  updatedAt: number;
}

export interface AlertChannelView {
  id: number;
  name: string;
  kind: AlertChannelKind;
  /** scheme://host[:port] only: the path may carry a token (`smtp://host:port` for e-mail). */
  urlOrigin: string;
  /** The webhook's HMAC key, ntfy's token or the SMTP password is set. */
  hasSecret: boolean;
  options: ChannelOptions;
  /** Operators may pick it for their rules (admins decide). */
  operatorUsable: boolean;
  createdAt: number;
  updatedAt: number;
}

export type DeliveryStatus = 'pending' | 'ok' | 'failed';

export interface AlertDeliveryView {
  channelId: number | null;
  channelName: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  updatedAt: number;
}

export interface AlertFiringView {
  id: number;
  ruleId: number | null;
  ruleName: string;
  kind: AlertRuleKind;
  env: string;
  /** The container's name, or the environment for `engine_unreachable`. */
  target: string;
  containerId: string | null;
  message: string;
  details: Record<string, string | number>;
  firedAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  deliveries: AlertDeliveryView[];
}

export interface ChannelTestResult {
  ok: boolean;
  attempts: number;
  error: string | null;
}
