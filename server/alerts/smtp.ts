import { isIP } from 'node:net';
import type { ChannelSecrets, MailMessage } from '@/server/alerts/channels';
import { checkHost, type OutboundPolicy, OutboundUrlError } from '@/server/alerts/outbound';

/** Where an `smtp://host:port` URL points (25 when no port is given). */
export function smtpTarget(url: string): { host: string; port: number } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OutboundUrlError('Not a URL');
  }
  if (parsed.protocol !== 'smtp:') throw new OutboundUrlError('Only smtp://host:port');
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: Number(parsed.port || 25) };
}

/**
 * Sends one e-mail. The host is checked like any outbound URL's and, when private ranges are not allowed, the
 * connection goes to the address that was checked (no second lookup that could answer otherwise), with the
 * name kept for TLS.
 */
export async function mailOnce(
  channel: ChannelSecrets,
  message: MailMessage,
  policy: OutboundPolicy & { timeoutMs?: number },
): Promise<void> {
  const { host, port } = smtpTarget(channel.url);
  const [address] = await checkHost(host, policy);
  const security = channel.options.security ?? 'starttls';
  const timeout = policy.timeoutMs ?? 10_000;
  // Loaded on the first e-mail: most servers never send one, and nodemailer costs ~3 MB of heap at start.
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host: address ?? host,
    port,
    secure: security === 'tls',
    requireTLS: security === 'starttls',
    ignoreTLS: security === 'none',
    auth: channel.options.user ? { user: channel.options.user, pass: channel.secret ?? '' } : undefined,
    tls: isIP(host) ? {} : { servername: host },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  try {
    await transport.sendMail({
      from: message.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      headers: { 'X-Berth-Alert': '1' },
    });
  } finally {
    transport.close();
  }
}
