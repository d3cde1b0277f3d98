import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelRequest, headerText, SIGNATURE_HEADER, signature } from '@/server/alerts/channels';
import { checkOutboundUrl, isPrivateAddress, OutboundUrlError, send } from '@/server/alerts/outbound';

const publicOnly = { allowPrivate: false, resolve: async () => ['93.184.216.34'] };

describe('outbound URL checks', () => {
  it('knows private, loopback, link-local and mapped addresses', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '100.64.0.1',
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '172.32.0.1'])
      expect(isPrivateAddress(a), a).toBe(false);
  });

  it('refuses other schemes and credentials', async () => {
    await expect(checkOutboundUrl('file:///etc/passwd', publicOnly)).rejects.toThrow(/http/);
    await expect(checkOutboundUrl('gopher://x.example/', publicOnly)).rejects.toThrow(/http/);
    await expect(checkOutboundUrl('https://u:p@x.example/', publicOnly)).rejects.toThrow(/password/);
    await expect(checkOutboundUrl('not a url', publicOnly)).rejects.toThrow(OutboundUrlError);
    await expect(checkOutboundUrl('https://hooks.example/x', publicOnly)).resolves.toBeInstanceOf(URL);
  });

  it('refuses a host that resolves to a private address unless allowed', async () => {
    await expect(checkOutboundUrl('http://127.0.0.1:9/', { allowPrivate: false })).rejects.toThrow(/private/);
    await expect(checkOutboundUrl('http://[::1]:9/', { allowPrivate: false })).rejects.toThrow(/private/);
    const rebinding = { allowPrivate: false, resolve: async () => ['93.184.216.34', '10.0.0.5'] };
    await expect(checkOutboundUrl('http://evil.example/', rebinding)).rejects.toThrow(/10\.0\.0\.5/);
    await expect(checkOutboundUrl('http://127.0.0.1:9/', { allowPrivate: true })).resolves.toBeInstanceOf(
      URL,
    );
  });
});

describe('sending', () => {
  let server: http.Server;
  let base = '';
  const hits: { path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        hits.push({ path: req.url ?? '', headers: req.headers, body });
        if (req.url === '/redirect') res.writeHead(302, { location: `${base}/ok` }).end();
        else if (req.url === '/fail') res.writeHead(500).end();
        else res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('signs the webhook body with HMAC-SHA256 of the secret', async () => {
    const req = channelRequest(
      { kind: 'webhook', url: `${base}/ok`, secret: 's3cret', options: {} },
      {
        firingId: 7,
        ruleId: 1,
        ruleName: 'r',
        kind: 'exit_nonzero',
        env: 'local',
        target: 'web',
        containerId: 'c',
        message: 'web exited with code 3',
        details: { exitCode: 3 },
        at: 0,
      },
    );
    const expected = `sha256=${createHmac('sha256', 's3cret').update(req.body).digest('hex')}`;
    expect(req.headers[SIGNATURE_HEADER]).toBe(expected);
    expect(signature(req.body, 'other')).not.toBe(expected);
    const result = await send(req, { allowPrivate: true });
    expect(result).toEqual({ ok: true, attempts: 1, error: null });
    expect(hits.at(-1)?.headers['x-berth-signature']).toBe(expected);
    expect(JSON.parse(hits.at(-1)?.body ?? '{}').firing.details.exitCode).toBe(3);
  });

  it('does not follow a redirect: it is a failure, retried with backoff', async () => {
    const before = hits.length;
    const attempts: number[] = [];
    const result = await send(
      { url: `${base}/redirect`, headers: {}, body: '{}' },
      { allowPrivate: true, backoffMs: 10, onAttempt: (n) => attempts.push(n) },
    );
    expect(result.ok).toBe(false);
    expect(result.attempts).toBe(3);
    expect(result.error).toMatch(/302/);
    expect(attempts).toEqual([1, 2, 3]);
    // Three tries at the redirect, none at its target.
    expect(hits.slice(before).map((h) => h.path)).toEqual(['/redirect', '/redirect', '/redirect']);
  });

  it('does not retry a refused URL', async () => {
    const result = await send(
      { url: `${base}/ok`, headers: {}, body: '' },
      { allowPrivate: false, backoffMs: 10 },
    );
    expect(result).toMatchObject({ ok: false, attempts: 1 });
    expect(result.error).toMatch(/private/);
  });

  it('formats ntfy and Slack requests', () => {
    const notice = {
      firingId: 1,
      ruleId: 1,
      ruleName: '崩溃',
      kind: 'oom' as const,
      env: 'local',
      target: 'w',
      containerId: null,
      message: 'w was killed',
      details: {},
      at: 0,
    };
    const ntfy = channelRequest(
      {
        kind: 'ntfy',
        url: 'https://ntfy.example/t',
        secret: null,
        options: { priority: 5, tags: ['warning', 'skull'] },
      },
      notice,
    );
    expect(ntfy.headers).toMatchObject({
      Priority: '5',
      Tags: 'warning,skull',
      Title: headerText('Berth alert: 崩溃'),
    });
    expect(ntfy.headers.Title).toMatch(/^=\?UTF-8\?B\?/);
    expect(ntfy.body).toContain('w was killed');
    const slack = channelRequest(
      { kind: 'slack', url: 'https://hooks.example/T/B/x', secret: null, options: {} },
      notice,
    );
    expect(JSON.parse(slack.body).text).toContain('w was killed');
  });
});
