import Docker from 'dockerode';
import { config } from '@/server/config';
import { contextValue } from '@/server/context';

/**
 * The one dockerode client of the process.
 *
 * docker-modem reads DOCKER_HOST (unix:// or tcp://), DOCKER_TLS_VERIFY and DOCKER_CERT_PATH itself.
 * No API version is pinned: it then calls unversioned paths and every engine answers with its own newest
 * API, which keeps Berth working from Engine 20.10 (API 1.41) to Docker 29 (which refuses clients below 1.44).
 */
export function docker(): Docker {
  return contextValue('docker', () => new Docker());
}

/** Where the engine is expected, for messages such as "Docker engine unreachable at …". */
export function engineAddress(): string {
  return config.dockerHost;
}
