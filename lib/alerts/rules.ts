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

/** Longest log line a pattern is tested against: a bounded input keeps a bounded pattern's cost bounded. */
export const LOG_MATCH_CAP = 4096;

/**
 * Why a log pattern is refused, or null. Patterns run on every line of every container in scope, so they are
 * short, compile, and have none of the shapes that backtrack exponentially (a quantified group holding a
 * quantifier, as `(a+)+`) nor back-references.
 */
export function patternProblem(pattern: string): string | null {
  if (!pattern) return 'A regular expression is required';
  if (pattern.length > 200) return 'At most 200 characters';
  try {
    new RegExp(pattern);
  } catch (err) {
    return `Not a regular expression: ${(err as Error).message}`;
  }
  if (/\\[1-9]|\\k</.test(pattern)) return 'No back-references';
  if (/\([^()]*(?:[+*]|\{\d+,\d*\})[^()]*\)\s*(?:[+*]|\{\d+,\d*\})/.test(pattern))
    return 'No quantified group that holds a quantifier, as (a+)+';
  return null;
}

/** Whether a log line matches the rule's pattern (compiled once per pattern by the caller). */
export function lineMatches(re: RegExp, text: string): boolean {
  return re.test(text.length > LOG_MATCH_CAP ? text.slice(0, LOG_MATCH_CAP) : text);
}

const filters = (scope: Pick<AlertScope, 'label' | 'project'>) => {
  const parts: string[] = [];
  if (scope.label) parts.push(`--filter label=${quote(scope.label)}`);
  if (scope.project) parts.push(`--filter label=${quote(`com.docker.compose.project=${scope.project}`)}`);
  return parts;
};

/** The `docker` line that shows what a rule watches (name globs are matched by Berth, not the engine). */
export function eventsCommand(
  kind: AlertRuleKind,
  scope: Pick<AlertScope, 'label' | 'project'>,
  params: { pattern?: string } = {},
): string {
  if (kind === 'engine_unreachable') return 'docker events  # Berth watches this stream drop and reconnect';
  if (kind === 'disk') return 'docker system df';
  if (kind === 'cpu' || kind === 'memory') {
    const f = filters(scope);
    return f.length ? `docker stats $(docker ps -q ${f.join(' ')})` : 'docker stats';
  }
  if (kind === 'log_match')
    return `docker logs --follow --since 0s <container> 2>&1 | grep -E ${quote(params.pattern ?? '')}`;
  const events: Record<'exit_nonzero' | 'oom' | 'unhealthy' | 'restarting', string[]> = {
    exit_nonzero: ['die'],
    oom: ['oom'],
    unhealthy: ['health_status'],
    restarting: ['die'],
  };
  const parts = ['docker events', '--filter type=container'];
  for (const e of events[kind]) parts.push(`--filter event=${e}`);
  parts.push(...filters(scope));
  return parts.join(' ');
}

/** What an e-mail channel does, as a shell line (swaks): no docker command sends mail. */
export function mailCommand(o: {
  host: string;
  port: string;
  security: string;
  from: string;
  to: string;
}): string {
  const parts = ['swaks', '--server', quote(`${o.host || '<host>'}:${o.port || '587'}`)];
  if (o.security === 'tls') parts.push('--tls-on-connect');
  if (o.security === 'starttls') parts.push('--tls');
  parts.push('--from', quote(o.from || '<from>'), '--to', quote(o.to || '<to>'));
  return parts.join(' ');
}
