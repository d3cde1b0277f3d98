import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LOCAL_ENVIRONMENT } from '@/lib/environments/types';
import { config } from '@/server/config';
import { environmentConnection } from '@/server/environments/store';
import { HttpError } from '@/server/http/errors';

/** What Compose needs to reach one environment's engine, and what to remove once it has exited. */
export interface ComposeEngine {
  vars: Record<string, string>;
  cleanup: () => void;
}

/**
 * The engine variables of a Compose run on `env`. The local engine: Berth's own DOCKER_HOST (and its TLS
 * variables, if it was started with them). Another: its address; with TLS, its CA, certificate and key written
 * to a private temporary folder for this run only (DOCKER_CERT_PATH), removed when Compose exits. SSH
 * environments are refused: the docker CLI's ssh transport runs `ssh` and `docker system dial-stdio` on the
 * remote host, which Berth's stored key cannot be handed to without writing an ssh configuration.
 */
export function composeEngine(env: string, processEnv: NodeJS.ProcessEnv = process.env): ComposeEngine {
  if (env === LOCAL_ENVIRONMENT) {
    const vars: Record<string, string> = { DOCKER_HOST: config.dockerHost };
    for (const key of ['DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH']) {
      const value = processEnv[key];
      if (value) vars[key] = value;
    }
    return { vars, cleanup: () => {} };
  }
  const connection = environmentConnection(env);
  if (connection.address.startsWith('ssh://'))
    throw new HttpError(
      409,
      'conflict',
      `Compose stacks are not available on SSH environments yet (${env}); use a tcp:// address with TLS`,
    );
  if (!connection.tls) return { vars: { DOCKER_HOST: connection.address }, cleanup: () => {} };
  const dir = fs.mkdtempSync(path.join(/*turbopackIgnore: true*/ os.tmpdir(), 'berth-compose-tls-'));
  const write = (file: string, text: string) =>
    fs.writeFileSync(path.join(/*turbopackIgnore: true*/ dir, file), text, { mode: 0o600 });
  write('ca.pem', connection.tls.ca);
  write('cert.pem', connection.tls.cert);
  write('key.pem', connection.tls.key);
  return {
    vars: { DOCKER_HOST: connection.address, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
