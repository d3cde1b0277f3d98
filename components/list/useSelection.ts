'use client';

import { useCallback, useMemo, useState } from 'react';
import { type SelectionView, selectionView, toggled } from '@/components/list/selection';

export interface Selection<T> extends SelectionView<T> {
  selected: ReadonlySet<string>;
  /** Stable across renders, so memoised rows are not redrawn for it. */
  toggle: (key: string) => void;
  toggleAll: () => void;
  setSelected: (next: ReadonlySet<string>) => void;
}

/** `keyOf` and `canSelect` should be module-level functions: they are memo dependencies. */
export function useSelection<T>(
  rows: readonly T[],
  keyOf: (row: T) => string,
  canSelect?: (row: T) => boolean,
): Selection<T> {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const view = useMemo(
    () => selectionView(rows, selected, keyOf, canSelect),
    [rows, selected, keyOf, canSelect],
  );
  const toggle = useCallback((key: string) => setSelected((prev) => toggled(prev, key)), []);
  const toggleAll = () => setSelected(view.allSelected ? new Set() : new Set(view.selectable.map(keyOf)));
  return { ...view, selected, toggle, toggleAll, setSelected };
}
