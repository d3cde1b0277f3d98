import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { expect } from 'vitest';

/*
 * Receivers the alert tests run on loopback (the channels point at them once private targets are allowed): an
 * HTTP one recording every request (webhook, ntfy, Slack paths) and an SMTP one recording every message.
 */

export interface Hit {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Answer {
  status: number;
  headers?: http.OutgoingHttpHeaders;
  body?: string;
}

export interface HookReceiver {
  /** `http://127.0.0.1:<port>` */
  base: string;
  hits: Hit[];
  /** Requests to `path` whose body names `needle`. */
  hooksFor: (path: string, needle: string) => Hit[];
  close: () => Promise<void>;
}

/** An HTTP receiver; `answer` picks each reply by path (200 `ok` when it gives none). */
export async function startHookReceiver(
  answer: (path: string, base: string) => Answer | undefined = () => undefined,
): Promise<HookReceiver> {
  const hits: Hit[] = [];
  let base = '';
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const path = req.url ?? '';
      hits.push({ path, headers: req.headers, body, at: Date.now() });
      const a = answer(path, base) ?? { status: 200, body: 'ok' };
      res.writeHead(a.status, a.headers).end(a.body ?? '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    hits,
    hooksFor: (path, needle) => hits.filter((h) => h.path === path && h.body.includes(needle)),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export interface Mail {
  from: string;
  to: string[];
  user: string | null;
  headers: Record<string, string>;
  text: string;
}

export interface MailReceiver {
  port: number;
  mails: Mail[];
  /** Messages whose (decoded) text holds `needle`. */
  mailsFor: (needle: string) => Mail[];
  close: () => Promise<void>;
}

/** RFC 5322 headers (unfolded, names lower-cased) and a 7bit or quoted-printable body. */
export function parseMail(raw: string): { headers: Record<string, string>; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const at = line.indexOf(':');
    if (at > 0) headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
  }
  let text = raw.slice(split + 4);
  if (/quoted-printable/i.test(headers['content-transfer-encoding'] ?? ''))
    text = text
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  return { headers, text: text.replace(/\r\n/g, '\n') };
}

/** A plain SMTP receiver (no STARTTLS) that takes only this user and password. */
export async function startMailReceiver(auth: { user: string; password: string }): Promise<MailReceiver> {
  const mails: Mail[] = [];
  const smtp = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(given, _session, callback) {
      if (given.username === auth.user && given.password === auth.password)
        callback(null, { user: auth.user });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => {
        raw += c.toString('utf8');
      });
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : null,
          ...parseMail(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  return {
    port: (smtp.server.address() as AddressInfo).port,
    mails,
    mailsFor: (needle) => mails.filter((m) => m.text.includes(needle)),
    close: () => new Promise<void>((r) => smtp.close(() => r())),
  };
}

/**
 * "Fires once": after the first notice came (and whatever should not fire again was done), wait `ms` (a second
 * notice inside the cool-down would come within it), then each list read now holds exactly one.
 */
export async function expectFiredOnce(
  read: () => unknown[][] | Promise<unknown[][]>,
  ms = 2000,
): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
  for (const list of await read()) expect(list).toHaveLength(1);
}
