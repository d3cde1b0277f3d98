import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type Docker from 'dockerode';
import type { ParsedKey, PublicKeyAuthMethod } from 'ssh2';
import type { EngineConnection } from '@/server/environments/store';

/**
 * SSH keys decrypted once, kept in memory only: ssh2 would otherwise decrypt the key (bcrypt KDF of a
 * passphrase-protected OpenSSH key, ~0.5 s of CPU) for every engine call, each of which opens its own SSH
 * connection. Keyed by a hash of key and passphrase, so a changed key is parsed again.
 */
const parsedKeys = new Map<string, ParsedKey>();
const MAX_PARSED_KEYS = 64;

/**
 * ssh2 loads on the first SSH key, not with the server: it costs ~13 MB of RSS (its poly1305 WebAssembly memory,
 * ciphers and key parsers) that only SSH environments need. A static import would load it at start (the ESM
 * server bundle links every import before it runs); docker-modem's own use is deferred by server/preload.mts.
 */
const requireHere = createRequire(import.meta.url);
function loadSsh2(): typeof import('ssh2') {
  return requireHere('ssh2') as typeof import('ssh2');
}

function parsedKey(key: string, passphrase: string | null): ParsedKey {
  const id = createHash('sha256')
    .update(key)
    .update('\u0000')
    .update(passphrase ?? '')
    .digest('hex');
  const known = parsedKeys.get(id);
  if (known) return known;
  const parsed = loadSsh2().utils.parseKey(key, passphrase ?? undefined);
  // The words ssh2 itself uses, which the environment check classifies as a key problem.
  if (parsed instanceof Error) throw new Error(`Cannot parse privateKey: ${parsed.message}`);
  const first: ParsedKey = Array.isArray(parsed) ? parsed[0] : parsed;
  if (parsedKeys.size >= MAX_PARSED_KEYS) parsedKeys.delete(parsedKeys.keys().next().value as string);
  parsedKeys.set(id, first);
  return first;
}

/**
 * dockerode options for a stored environment. Every field docker-modem would otherwise take from DOCKER_HOST
 * and DOCKER_CERT_PATH (its defaults, merged under these) is set, so the built-in engine's settings never leak
 * into another one.
 */
/** docker-modem reads `pathPrefix` too (from DOCKER_PATH_PREFIX); @types/dockerode does not declare it. */
type ModemOptions = Docker.DockerOptions & { pathPrefix?: string };

function publicKeyAuth(url: URL, key: string, passphrase: string | null): PublicKeyAuthMethod {
  return { type: 'publickey', username: decodeURIComponent(url.username), key: parsedKey(key, passphrase) };
}

export function dockerOptions(connection: EngineConnection): ModemOptions {
  const cleared: ModemOptions = {
    socketPath: undefined,
    host: undefined,
    port: undefined,
    protocol: undefined,
    ca: undefined,
    cert: undefined,
    key: undefined,
    pathPrefix: undefined,
    timeout: undefined,
  };
  const address = connection.address;
  if (address.startsWith('unix://')) return { ...cleared, socketPath: address.slice('unix://'.length) };
  const url = new URL(address);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (url.protocol === 'ssh:') {
    return {
      ...cleared,
      protocol: 'ssh',
      host,
      port: url.port ? Number(url.port) : 22,
      username: decodeURIComponent(url.username),
      // The parsed key goes in through an auth handler: ssh2 takes only text or bytes as `privateKey`.
      sshOptions: connection.sshKey
        ? { authHandler: [publicKeyAuth(url, connection.sshKey, connection.sshPassphrase)] }
        : {},
    };
  }
  const port = Number(url.port);
  if (connection.tls)
    return {
      ...cleared,
      protocol: 'https',
      host,
      port,
      ca: connection.tls.ca,
      cert: connection.tls.cert,
      key: connection.tls.key,
    };
  return { ...cleared, protocol: 'http', host, port };
}
