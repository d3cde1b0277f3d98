import { shellJoin } from '@/lib/containers/cli';
import { renderImageCommand } from '@/lib/images/cli';

/** `docker login` for a stored registry (the password is read from stdin, never shown). */
export function renderLoginCommand(host: string, username: string | null | undefined): string {
  return renderImageCommand({ action: 'login', server: host, username: username ?? undefined });
}

export function renderLogoutCommand(host: string): string {
  return shellJoin(['docker', 'logout', host]);
}

/** The docker CLI cannot delete from a registry: the Registry v2 API call it takes (by the tag's digest). */
export function renderDeleteTagCommand(url: string, repository: string, digest: string): string {
  return shellJoin(['curl', '-X', 'DELETE', `${url}/v2/${repository}/manifests/${digest}`]);
}
