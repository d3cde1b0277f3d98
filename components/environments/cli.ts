import { LOCAL_ENVIRONMENT } from '@/lib/environments/types';

/** The `docker` command that asks the same engine what the environments page shows. */
export function renderInfoCommand(env: { id: string; address: string; tls: boolean }): string {
  if (env.id === LOCAL_ENVIRONMENT) return 'docker info';
  const tls = env.tls ? ' --tlsverify --tlscacert ca.pem --tlscert cert.pem --tlskey key.pem' : '';
  return `docker --host ${env.address}${tls} info`;
}

/** The CLI's own way to keep several engines: a context per environment. */
export function renderContextCommand(env: { id: string; address: string; tls: boolean }): string {
  const tls = env.tls ? ',ca=ca.pem,cert=cert.pem,key=key.pem' : '';
  return `docker context create ${env.id} --docker "host=${env.address}${tls}"`;
}
