import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Outbound requests of alert channels: an admin types the URL, so it is checked like any SSRF target
 * (the class of Dozzle CVE-2026-45298): http(s) only, no credentials in it, and every address its host
 * resolves to outside private, loopback and link-local ranges unless the admin allowed those. Redirects
 * are never followed: a 3xx is a failed delivery.
 */

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

/** Whether an address is private, loopback, link-local, multicast or unspecified (IPv4-mapped IPv6 included). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return blocked.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) return blocked.check(address, 'ipv6');
  return true;
}

export class OutboundUrlError extends Error {}

export type Resolver = (host: string) => Promise<string[]>;

const dnsResolver: Resolver = async (host) => (await lookup(host, { all: true })).map((a) => a.address);

export interface OutboundPolicy {
  allowPrivate: boolean;
  allowCredentials?: boolean;
  resolve?: Resolver;
}

/** The URL parsed, or an OutboundUrlError saying why it may not be called. */
export async function checkOutboundUrl(
  raw: string,
  policy: OutboundPolicy,
  protocols: readonly string[] = ['http:', 'https:'],
): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundUrlError('Not a URL');
  }
  if (!protocols.includes(url.protocol))
    throw new OutboundUrlError(`Only ${protocols.map((p) => p.slice(0, -1)).join(' and ')} URLs`);
  if ((url.username || url.password) && !policy.allowCredentials)
    throw new OutboundUrlError('No user name or password in the URL');
  await checkHost(url.hostname.replace(/^\[|\]$/g, ''), policy);
  return url;
}

/**
 * The addresses a host may be reached at (empty when private ranges are allowed: then the caller connects by
 * name), or an OutboundUrlError when one of them is private and that is not allowed.
 */
export async function checkHost(host: string, policy: OutboundPolicy): Promise<string[]> {
  if (policy.allowPrivate) return [];
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await (policy.resolve ?? dnsResolver)(host);
  } catch {
    throw new OutboundUrlError(`The host ${host} does not resolve`);
  }
  if (!addresses.length) throw new OutboundUrlError(`The host ${host} does not resolve`);
  const inside = addresses.find(isPrivateAddress);
  if (inside)
    throw new OutboundUrlError(
      `${host} is a private, loopback or link-local address (${inside}); an admin setting allows those`,
    );
  return addresses;
}

export interface OutboundRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface SendResult {
  ok: boolean;
  attempts: number;
  error: string | null;
}

export interface SendOptions extends OutboundPolicy {
  /** Total tries (first one included). */
  tries?: number;
  /** Delay before retry n (1-based): backoff × 4^(n-1). */
  backoffMs?: number;
  timeoutMs?: number;
  /** Called after every try, to record progress. */
  onAttempt?: (attempts: number, error: string | null) => void;
}

/** One POST: the URL checked again (DNS may have changed), no redirects, a 2xx is success. */
export async function postOnce(req: OutboundRequest, opts: SendOptions): Promise<void> {
  const url = await checkOutboundUrl(req.url, opts);
  const res = await fetch(url, {
    method: 'POST',
    headers: req.headers,
    body: req.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
  });
  await res.body?.cancel().catch(() => {});
  if (res.status >= 300 && res.status < 400) throw new Error(`Redirect ${res.status} refused (not followed)`);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
}

/** POSTs with retries and exponential backoff; never throws. */
export function send(req: OutboundRequest, opts: SendOptions): Promise<SendResult> {
  return withRetries(() => postOnce(req, opts), opts);
}

/** Runs one delivery attempt with retries and exponential backoff; never throws. */
export async function withRetries(
  once: () => Promise<void>,
  opts: Omit<SendOptions, keyof OutboundPolicy>,
): Promise<SendResult> {
  const tries = opts.tries ?? 3;
  const backoff = opts.backoffMs ?? 500;
  let error: string | null = null;
  for (let attempt = 1; attempt <= tries; attempt++) {
    if (attempt > 1) await new Promise((r) => setTimeout(r, backoff * 4 ** (attempt - 2)));
    try {
      await once();
      opts.onAttempt?.(attempt, null);
      return { ok: true, attempts: attempt, error: null };
    } catch (err) {
      error = (err as Error).message || String(err);
      opts.onAttempt?.(attempt, error);
      // A refused URL stays refused: retrying it would only wait.
      if (err instanceof OutboundUrlError) return { ok: false, attempts: attempt, error };
    }
  }
  return { ok: false, attempts: tries, error };
}
