import { createHmac } from 'node:crypto';
import type { AlertChannelKind, AlertRuleKind, ChannelOptions } from '@/lib/alerts/types';
import type { OutboundRequest } from '@/server/alerts/outbound';

/** What a channel says about one firing (or a test). */
export interface Notice {
  firingId: number | null;
  ruleId: number | null;
  ruleName: string;
  kind: AlertRuleKind | 'test';
  env: string;
  target: string;
  containerId: string | null;
  message: string;
  details: Record<string, string | number>;
  at: number;
}

export interface ChannelSecrets {
  kind: AlertChannelKind;
  url: string;
  secret: string | null;
  options: ChannelOptions;
}

export const SIGNATURE_HEADER = 'X-Berth-Signature';

/** `sha256=<hex HMAC-SHA256 of the body>`, GitHub's form, so receivers verify with their usual code. */
export function signature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

const title = (n: Notice) => `Berth alert: ${n.ruleName}`;

/** Header values are ASCII: anything else goes as an RFC 2047 encoded word, which ntfy decodes. */
export function headerText(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

export interface MailMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
}

/** The e-mail an `email` channel sends for a notice: the subject is the title, the body says what and where. */
export function mailMessage(channel: ChannelSecrets, notice: Notice): MailMessage {
  const lines = [
    notice.message,
    '',
    `Rule: ${notice.ruleName}`,
    `Environment: ${notice.env}`,
    `Target: ${notice.target}`,
    `At: ${new Date(notice.at).toISOString()}`,
  ];
  for (const [k, v] of Object.entries(notice.details)) lines.push(`${k}: ${v}`);
  return {
    from: channel.options.from ?? '',
    to: channel.options.to ?? [],
    subject: title(notice),
    text: `${lines.join('\n')}\n`,
  };
}

/** The HTTP request an HTTP channel (not `email`) sends for a notice. */
export function channelRequest(channel: ChannelSecrets, notice: Notice): OutboundRequest {
  switch (channel.kind) {
    case 'email':
      throw new Error('An e-mail channel sends mail, not HTTP');
    case 'webhook': {
      const body = JSON.stringify({
        source: 'berth',
        firing: {
          id: notice.firingId,
          kind: notice.kind,
          env: notice.env,
          target: notice.target,
          containerId: notice.containerId,
          message: notice.message,
          details: notice.details,
          at: new Date(notice.at).toISOString(),
        },
        rule: { id: notice.ruleId, name: notice.ruleName },
      });
      const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Berth' };
      if (channel.secret) headers[SIGNATURE_HEADER] = signature(body, channel.secret);
      return { url: channel.url, headers, body };
    }
    case 'ntfy': {
      // ntfy takes the message as the body and everything else as headers (Title, Priority, Tags).
      const headers: Record<string, string> = {
        'content-type': 'text/plain; charset=utf-8',
        'user-agent': 'Berth',
        Title: headerText(title(notice)),
      };
      if (channel.options.priority) headers.Priority = String(channel.options.priority);
      if (channel.options.tags?.length) headers.Tags = headerText(channel.options.tags.join(','));
      if (channel.secret) headers.Authorization = `Bearer ${channel.secret}`;
      return { url: channel.url, headers, body: `${notice.message} (${notice.env})` };
    }
    case 'slack':
      return {
        url: channel.url,
        headers: { 'content-type': 'application/json', 'user-agent': 'Berth' },
        body: JSON.stringify({ text: `*${title(notice)}*: ${notice.message} (environment ${notice.env})` }),
      };
  }
}
