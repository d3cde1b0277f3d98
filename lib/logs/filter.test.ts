import { describe, expect, it } from 'vitest';
import { jsonFields, makeMatcher } from '@/lib/logs/filter';

describe('log search', () => {
  it('matches plain text literally, ignoring case unless asked', () => {
    const m = makeMatcher({ query: 'a.b', regex: false, caseSensitive: false });
    if (!m?.ok) throw new Error('expected a matcher');
    expect(m.test('xA.Bx')).toBe(true);
    expect(m.test('axb')).toBe(false);
    const cs = makeMatcher({ query: 'Error', regex: false, caseSensitive: true });
    expect(cs?.ok && cs.test('error')).toBe(false);
  });

  it('matches regular expressions and reports every range to highlight', () => {
    const m = makeMatcher({ query: 'err(or)?', regex: true, caseSensitive: false });
    if (!m?.ok) throw new Error('expected a matcher');
    expect(m.test('ERR: disk')).toBe(true);
    expect(m.ranges('error then err')).toEqual([
      [0, 5],
      [11, 14],
    ]);
    // The same matcher answers the same way twice (no sticky lastIndex).
    expect(m.test('err')).toBe(true);
    expect(m.test('err')).toBe(true);
  });

  it('reports an invalid regular expression instead of throwing, and never loops on empty matches', () => {
    expect(makeMatcher({ query: '(', regex: true, caseSensitive: false })).toMatchObject({ ok: false });
    const m = makeMatcher({ query: 'x*', regex: true, caseSensitive: false });
    if (!m?.ok) throw new Error('expected a matcher');
    expect(m.ranges('abxxc')).toEqual([[2, 4]]);
    expect(makeMatcher({ query: '', regex: true, caseSensitive: false })).toBeNull();
  });

  it('shows JSON lines as fields', () => {
    expect(jsonFields('{"level":"warn","n":3}')).toEqual([
      ['level', 'warn'],
      ['n', '3'],
    ]);
    expect(jsonFields('plain text')).toBeNull();
    expect(jsonFields('[1,2]')).toBeNull();
  });
});
