/** Alerts (issue 20): what the browser and the API see. Secrets never leave the server. */

export const ALERT_RULE_KINDS = [
  'exit_nonzero',
  'oom',
  'unhealthy',
  'restarting',
  'engine_unreachable',
] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];

export const ALERT_CHANNEL_KINDS = ['webhook', 'ntfy', 'slack'] as const;
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

export interface AlertRuleView {
  id: number;
  name: string;
  kind: AlertRuleKind;
  enabled: boolean;
  scope: AlertScope;
  /** `restarting`: more than `restartCount` restarts within `windowMinutes`. */
  params: { restartCount?: number; windowMinutes?: number };
  cooldownSeconds: number;
  channelIds: number[];
  createdAt: number;
  updatedAt: number;
}

export interface AlertChannelView {
  id: number;
  name: string;
  kind: AlertChannelKind;
  /** scheme://host[:port] only: the path may carry a token. */
  urlOrigin: string;
  hasSecret: boolean;
  /** ntfy: priority 1–5 and tags. */
  options: { priority?: number; tags?: string[] };
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
