import type { AlertRuleKind, AlertScope } from '@/lib/alerts/types';

/** A container name glob (`*` any run, `?` one character) as an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

const quote = (v: string) => (/^[A-Za-z0-9_.=:/-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);

/** The `docker events` line that shows what a rule watches (name globs are matched by Berth, not the engine). */
export function eventsCommand(kind: AlertRuleKind, scope: Pick<AlertScope, 'label' | 'project'>): string {
  if (kind === 'engine_unreachable') return 'docker events  # Berth watches this stream drop and reconnect';
  const events: Record<Exclude<AlertRuleKind, 'engine_unreachable'>, string[]> = {
    exit_nonzero: ['die'],
    oom: ['oom'],
    unhealthy: ['health_status'],
    restarting: ['die'],
  };
  const parts = ['docker events', '--filter type=container'];
  for (const e of events[kind]) parts.push(`--filter event=${e}`);
  if (scope.label) parts.push(`--filter label=${quote(scope.label)}`);
  if (scope.project) parts.push(`--filter label=${quote(`com.docker.compose.project=${scope.project}`)}`);
  return parts.join(' ');
}
