import { describe, expect, it } from 'vitest';
import { matchesLabelFilters, pruneFiltersSchema, pruneFilterWords } from '@/lib/prune/types';

const filters = (input: Parameters<typeof pruneFiltersSchema.parse>[0]) => pruneFiltersSchema.parse(input);

describe('matchesLabelFilters', () => {
  it('passes everything without filters', () => {
    expect(matchesLabelFilters({}, filters({}))).toBe(true);
    expect(matchesLabelFilters(null, filters({}))).toBe(true);
  });

  it('needs every label filter: a bare key means present, key=value means that value', () => {
    const f = filters({ label: ['berth.test', 'run=abc'] });
    expect(matchesLabelFilters({ 'berth.test': '1', run: 'abc' }, f)).toBe(true);
    expect(matchesLabelFilters({ 'berth.test': '', run: 'abc' }, f)).toBe(true);
    expect(matchesLabelFilters({ run: 'abc' }, f)).toBe(false);
    expect(matchesLabelFilters({ 'berth.test': '1', run: 'abcd' }, f)).toBe(false);
    expect(matchesLabelFilters(null, f)).toBe(false);
  });

  it('keeps a value containing "=" whole', () => {
    const f = filters({ label: ['expr=a=b'] });
    expect(matchesLabelFilters({ expr: 'a=b' }, f)).toBe(true);
    expect(matchesLabelFilters({ expr: 'a' }, f)).toBe(false);
  });

  it('refuses anything a label! filter matches', () => {
    const f = filters({ labelNot: ['keep', 'tier=db'] });
    expect(matchesLabelFilters({}, f)).toBe(true);
    expect(matchesLabelFilters({ keep: 'yes' }, f)).toBe(false);
    expect(matchesLabelFilters({ tier: 'db' }, f)).toBe(false);
    expect(matchesLabelFilters({ tier: 'web' }, f)).toBe(true);
  });

  it('does not read inherited object keys as labels', () => {
    expect(matchesLabelFilters({}, filters({ label: ['constructor'] }))).toBe(false);
  });
});

describe('pruneFiltersSchema', () => {
  it('refuses a filter without a key', () => {
    const result = pruneFiltersSchema.safeParse({ label: ['=x'] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['label', 0]);
  });
});

describe('pruneFilterWords', () => {
  it('renders label and label! filters as the CLI takes them', () => {
    expect(pruneFilterWords(filters({ label: ['a=1'], labelNot: ['b'] }))).toEqual([
      '--filter',
      'label=a=1',
      '--filter',
      'label!=b',
    ]);
  });
});
