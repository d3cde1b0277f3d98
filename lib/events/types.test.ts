import { describe, expect, it } from 'vitest';
import { affectedResources } from '@/lib/events/types';

describe('affectedResources', () => {
  it('refreshes volume and network lists when a container appears, goes or is renamed', () => {
    for (const action of ['create', 'destroy', 'rename'])
      expect(affectedResources({ type: 'container', action })).toEqual(['containers', 'volumes', 'networks']);
  });

  it('refreshes only containers for state changes, and nothing for exec noise', () => {
    expect(affectedResources({ type: 'container', action: 'start' })).toEqual(['containers']);
    expect(affectedResources({ type: 'container', action: 'exec_start' })).toEqual([]);
    expect(affectedResources({ type: 'container', action: 'top' })).toEqual([]);
  });

  it('refreshes volumes on volume events and networks with containers on network events', () => {
    for (const action of ['create', 'destroy', 'mount', 'unmount'])
      expect(affectedResources({ type: 'volume', action })).toEqual(['volumes']);
    for (const action of ['create', 'destroy', 'connect', 'disconnect'])
      expect(affectedResources({ type: 'network', action })).toEqual(['networks', 'containers']);
  });

  it('ignores types no list shows', () => {
    expect(affectedResources({ type: 'daemon', action: 'reload' })).toEqual([]);
  });
});
