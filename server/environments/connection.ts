import type Docker from 'dockerode';
import type { EngineConnection } from '@/server/environments/store';

/**
 * dockerode options for a stored environment. Every field docker-modem would otherwise take from DOCKER_HOST
 * and DOCKER_CERT_PATH (its defaults, merged under these) is set, so the built-in engine's settings never leak
 * into another one.
 */
/** docker-modem reads `pathPrefix` too (from DOCKER_PATH_PREFIX); @types/dockerode does not declare it. */
type ModemOptions = Docker.DockerOptions & { pathPrefix?: string };

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
      sshOptions: {
        ...(connection.sshKey ? { privateKey: connection.sshKey } : {}),
        ...(connection.sshPassphrase ? { passphrase: connection.sshPassphrase } : {}),
      },
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
