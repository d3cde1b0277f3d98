import { describe, expect, it } from 'vitest';
import { selectionView, toggled } from '@/components/list/selection';

interface Row {
  id: string;
  locked?: boolean;
}
const rows: Row[] = [{ id: 'a' }, { id: 'b' }, { id: 'c', locked: true }];
const id = (r: Row) => r.id;
const unlocked = (r: Row) => !r.locked;

describe('list selection', () => {
  it('toggles a key in and out without touching the original set', () => {
    const start = new Set(['a']);
    expect([...toggled(start, 'b')]).toEqual(['a', 'b']);
    expect([...toggled(start, 'a')]).toEqual([]);
    expect([...start]).toEqual(['a']);
  });

  it('counts only the selected rows still on screen', () => {
    const view = selectionView(rows, new Set(['b', 'gone']), id);
    expect(view.chosen.map(id)).toEqual(['b']);
    expect(view.allSelected).toBe(false);
  });

  it('is all selected when every row is chosen, never when there are no rows', () => {
    expect(selectionView(rows, new Set(['a', 'b', 'c']), id).allSelected).toBe(true);
    expect(selectionView([], new Set(['a']), id).allSelected).toBe(false);
  });

  it('leaves rows that cannot be selected out of select-all', () => {
    const view = selectionView(rows, new Set(['a', 'b']), id, unlocked);
    expect(view.selectable.map(id)).toEqual(['a', 'b']);
    expect(view.allSelected).toBe(true);
    expect(selectionView([{ id: 'c', locked: true }], new Set(), id, unlocked).allSelected).toBe(false);
  });
});
