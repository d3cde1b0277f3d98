/** A copy of the set with the key added, or removed if it was there. */
export function toggled(set: ReadonlySet<string>, key: string): ReadonlySet<string> {
  const next = new Set(set);
  if (!next.delete(key)) next.add(key);
  return next;
}

export interface SelectionView<T> {
  /** The rows on screen whose key is selected, in row order. */
  chosen: T[];
  /** The rows the select-all box would select. */
  selectable: readonly T[];
  /** Every selectable row is chosen (and there is at least one). */
  allSelected: boolean;
}

/**
 * The selection as the list shows it. Keys stay in the set across refreshes and filters; only what is on
 * screen counts, so a row that is gone or filtered out is never acted on.
 */
export function selectionView<T>(
  rows: readonly T[],
  selected: ReadonlySet<string>,
  keyOf: (row: T) => string,
  canSelect?: (row: T) => boolean,
): SelectionView<T> {
  const chosen = rows.filter((r) => selected.has(keyOf(r)));
  const selectable = canSelect ? rows.filter(canSelect) : rows;
  const chosenSelectable = canSelect ? chosen.filter(canSelect) : chosen;
  return {
    chosen,
    selectable,
    allSelected: selectable.length > 0 && chosenSelectable.length === selectable.length,
  };
}
