'use client';

import { type Rect, useVirtualizer } from '@tanstack/react-virtual';
import { type ComponentPropsWithoutRef, type ReactNode, useCallback, useEffect, useRef } from 'react';

const ROW_HEIGHT = 52;

interface VirtualTableProps<T> {
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** The grid classes shared by the header and every row, so the columns line up. */
  grid: string;
  /** Classes of the inner table, its min-width: below it the table scrolls sideways. */
  widthClass: string;
  /** Classes of the scrolling body, its max-height. */
  heightClass: string;
  /** data-testid of the scrolling body. */
  bodyTestId: string;
  selectAll: { label: string; checked: boolean; onChange: () => void };
  /** Column titles after the select-all box. */
  columns: ReactNode;
  /** Shown instead of rows when there are none (loading or empty). */
  emptyText: string;
  initialRect?: Rect;
  renderRow: (row: T) => ReactNode;
  /** Called when the rows in view come near the last one: a paged list loads its next page. */
  onNearEnd?: () => void;
  /** Below the rows (a paged list's "loading more"). */
  footer?: ReactNode;
}

/**
 * How many rows before the end the next page is asked for: before the user gets there, yet fewer than a first
 * page (100), so a list nobody scrolled reads (and refetches) one page.
 */
const NEAR_END_ROWS = 50;

/** Virtualized: only the rows in view are in the DOM, so thousands of rows scroll like ten. */
export function VirtualTable<T>(props: VirtualTableProps<T>) {
  const { rows, rowKey, grid } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  // Stable until the rows change: the virtualizer recomputes every row's position whenever this function is a new
  // one, which on every scroll frame at 10,000 rows was 10,000 key lookups and a new array (issue 19).
  const getItemKey = useCallback(
    (index: number) => {
      const row = rows[index];
      return row === undefined ? index : rowKey(row);
    },
    [rows, rowKey],
  );
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // Rows rendered beyond each edge of the view: each one is DOM that a fast scroll mounts in every frame.
    overscan: 4,
    getItemKey,
    initialRect: props.initialRect,
  });
  const items = virtualizer.getVirtualItems();
  const lastInView = items.at(-1)?.index ?? -1;
  const { onNearEnd } = props;
  useEffect(() => {
    if (onNearEnd && rows.length > 0 && lastInView >= rows.length - NEAR_END_ROWS) onNearEnd();
  }, [onNearEnd, lastInView, rows.length]);
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className={props.widthClass}>
        <div
          className={`${grid} border-b border-slate-200 px-3 py-2 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:border-slate-800`}
        >
          <input
            type="checkbox"
            aria-label={props.selectAll.label}
            checked={props.selectAll.checked}
            onChange={props.selectAll.onChange}
            disabled={rows.length === 0}
          />
          {props.columns}
        </div>
        <div
          ref={scrollRef}
          className={`${props.heightClass} min-h-40 overflow-y-auto`}
          data-testid={props.bodyTestId}
        >
          {rows.length === 0 ? (
            <p className="p-6 text-center text-sm text-slate-500">{props.emptyText}</p>
          ) : (
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const row = rows[item.index];
                if (row === undefined) return null;
                return (
                  <div
                    key={item.key}
                    style={{
                      position: 'absolute',
                      top: 0,
                      left: 0,
                      right: 0,
                      height: ROW_HEIGHT,
                      transform: `translateY(${item.start}px)`,
                      // Each row is laid out and painted on its own (nothing in a row draws outside it): a scroll
                      // that mounts a screenful of rows does not lay out the others again.
                      contain: 'strict',
                    }}
                  >
                    {props.renderRow(row)}
                  </div>
                );
              })}
            </div>
          )}
          {props.footer}
        </div>
      </div>
    </div>
  );
}

type SelectableRowProps = Omit<ComponentPropsWithoutRef<'div'>, 'className'> & {
  grid: string;
  checked: boolean;
  /** Accessible name of the row's checkbox. */
  selectLabel: string;
  onCheck: () => void;
};

/** A row of a VirtualTable: its checkbox, then the cells; data-* attributes go on the row element. */
export function SelectableRow({
  grid,
  checked,
  selectLabel,
  onCheck,
  children,
  ...rest
}: SelectableRowProps) {
  return (
    <div
      className={`${grid} h-full border-b border-slate-100 px-3 text-sm dark:border-slate-800 ${checked ? 'bg-sky-50/60 dark:bg-sky-950/40' : ''}`}
      {...rest}
    >
      <input type="checkbox" aria-label={selectLabel} checked={checked} onChange={onCheck} />
      {children}
    </div>
  );
}
