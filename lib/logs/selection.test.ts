import { describe, expect, it } from 'vitest';
import type { ContainerSummary } from '@/lib/containers/types';
import {
  MAX_MERGED,
  matchesLabel,
  mergedLogsCommand,
  parseSelection,
  resolveSelection,
  selectionQuery,
} from '@/lib/logs/selection';

const c = (name: string, extra: Partial<ContainerSummary> = {}): ContainerSummary => ({
  id: `${name}0123456789abcdef`,
  name,
  image: 'img',
  imageId: 'sha256:x',
  command: 'sh',
  created: 0,
  state: 'running',
  status: 'Up',
  health: null,
  ports: [],
  networks: [],
  labels: {},
  composeProject: null,
  ...extra,
});

describe('merged log selection', () => {
  it('round-trips through the URL, and ignores malformed ids', () => {
    const sel = parseSelection(new URLSearchParams('c=web,db,web,bad%20id'));
    expect(sel).toEqual({ kind: 'containers', ids: ['web', 'db'] });
    expect(selectionQuery(sel)).toBe('?c=web%2Cdb');
    expect(parseSelection(new URLSearchParams(selectionQuery({ kind: 'project', project: 'shop' })))).toEqual(
      {
        kind: 'project',
        project: 'shop',
      },
    );
    expect(parseSelection(new URLSearchParams('label=tier%3Dfront'))).toEqual({
      kind: 'label',
      label: 'tier=front',
    });
  });

  it('matches labels by key or key=value', () => {
    expect(matchesLabel({ tier: 'front' }, 'tier')).toBe(true);
    expect(matchesLabel({ tier: 'front' }, 'tier=front')).toBe(true);
    expect(matchesLabel({ tier: 'front' }, 'tier=back')).toBe(false);
    expect(matchesLabel({ tier: '' }, 'tier=')).toBe(true);
    expect(matchesLabel({}, 'tier')).toBe(false);
  });

  it('resolves projects, labels and picked ids (by id prefix or name)', () => {
    const all = [
      c('web', { composeProject: 'shop', labels: { tier: 'front' } }),
      c('db', { composeProject: 'shop', state: 'exited' }),
      c('other'),
    ];
    const names = (r: { containers: ContainerSummary[] }) => r.containers.map((x) => x.name);
    expect(names(resolveSelection({ kind: 'project', project: 'shop' }, all))).toEqual(['db', 'web']);
    expect(names(resolveSelection({ kind: 'label', label: 'tier=front' }, all))).toEqual(['web']);
    expect(names(resolveSelection({ kind: 'containers', ids: ['other', 'db012'] }, all))).toEqual([
      'db',
      'other',
    ]);
  });

  it('caps the number of streams, keeping running containers first', () => {
    const many = Array.from({ length: MAX_MERGED + 5 }, (_, i) =>
      c(`c${String(i).padStart(2, '0')}`, { composeProject: 'p', state: i < 5 ? 'exited' : 'running' }),
    );
    const r = resolveSelection({ kind: 'project', project: 'p' }, many);
    expect(r.containers).toHaveLength(MAX_MERGED);
    expect(r.beyondCap).toBe(5);
    expect(r.containers.every((x) => x.state === 'running')).toBe(true);
  });

  it('shows the closest CLI', () => {
    expect(mergedLogsCommand({ kind: 'project', project: 'shop' }, [], 100)).toBe(
      'docker compose -p shop logs -f -t --tail 100',
    );
    expect(mergedLogsCommand({ kind: 'containers', ids: [] }, ['web', 'db'], 500)).toContain(
      'for c in web db; do docker logs -f -t --tail 500 "$c"',
    );
  });
});
