import path from 'node:path';

/** Process configuration, read once from the environment. */
export interface BerthConfig {
  port: number;
  host: string;
  dev: boolean;
  dataDir: string;
  dockerHost: string;
  trustedOrigins: string[];
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): BerthConfig {
  const port = Number.parseInt(env.PORT ?? '3000', 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  return {
    port,
    host: env.HOST || '0.0.0.0',
    dev: env.NODE_ENV !== 'production',
    dataDir: path.resolve(/*turbopackIgnore: true*/ env.BERTH_DATA_DIR || './data'),
    dockerHost: env.DOCKER_HOST || 'unix:///var/run/docker.sock',
    trustedOrigins: (env.BERTH_TRUSTED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  };
}

export const config: BerthConfig = readConfig();
