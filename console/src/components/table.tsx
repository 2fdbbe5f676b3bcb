import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';

export interface Column<T> {
  key: string;
  label: string;
  /** What the cell shows (default: the sort value as text). */
  render?: (row: T) => ComponentChildren;
  /** What the column sorts by; a column without one does not sort. */
  value?: (row: T) => string | number | boolean | null | undefined;
  numeric?: boolean;
}

interface Props<T> {
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  /** A row that opens something: clicked, or Enter on it. */
  onOpen?: ((row: T) => void) | undefined;
  selected?: string | undefined;
  empty?: string;
  label: string;
  testId?: string;
}

type Sort = { key: string; dir: 1 | -1 } | null;

const collator = new Intl.Collator('ko', { numeric: true });

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/** A table whose headers sort it (click or Enter; again for the other way), rows in the order the API gave until then. */
export function Table<T>({ columns, rows, rowKey, onOpen, selected, empty, label, testId }: Props<T>) {
  const [sort, setSort] = useState<Sort>(null);
  const sorted = useMemo(() => {
    const column = sort && columns.find((c) => c.key === sort.key);
    if (!sort || !column?.value) return rows;
    const value = column.value;
    return [...rows].sort((a, b) => sort.dir * compare(value(a), value(b)));
  }, [rows, sort, columns]);

  const toggle = (key: string) =>
    setSort((s) => (s?.key === key ? (s.dir === 1 ? { key, dir: -1 } : null) : { key, dir: 1 }));

  return (
    <div class="table-wrap">
      <table aria-label={label} data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => {
              const dir = sort?.key === c.key ? sort.dir : 0;
              return (
                <th
                  key={c.key}
                  class={c.numeric ? 'num' : undefined}
                  aria-sort={dir === 1 ? 'ascending' : dir === -1 ? 'descending' : undefined}
                >
                  {c.value ? (
                    <button type="button" class="sort" onClick={() => toggle(c.key)}>
                      {c.label}
                      <span aria-hidden="true">{dir === 1 ? ' ▲' : dir === -1 ? ' ▼' : ''}</span>
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.length === 0 ? (
            <tr>
              <td colSpan={columns.length} class="empty">
                {empty ?? 'Nothing yet.'}
              </td>
            </tr>
          ) : (
            sorted.map((row) => {
              const key = rowKey(row);
              return (
                <tr
                  key={key}
                  class={[onOpen ? 'openable' : '', selected === key ? 'selected' : ''].join(' ')}
                  tabIndex={onOpen ? 0 : undefined}
                  aria-selected={onOpen ? selected === key : undefined}
                  onClick={onOpen ? () => onOpen(row) : undefined}
                  onKeyDown={
                    onOpen
                      ? (e) => {
                          if (e.key === 'Enter' || e.key === ' ') {
                            e.preventDefault();
                            onOpen(row);
                          }
                        }
                      : undefined
                  }
                >
                  {columns.map((c) => (
                    <td key={c.key} class={c.numeric ? 'num' : undefined}>
                      {c.render ? c.render(row) : String(c.value?.(row) ?? '')}
                    </td>
                  ))}
                </tr>
              );
            })
          )}
        </tbody>
      </table>
    </div>
  );
}
