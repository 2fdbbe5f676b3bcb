/** JSON pretty-printed, each object and array folding open and shut (native `<details>`, so keyboard too). */
import type { ComponentChildren } from 'preact';

function Value({ value, name, last }: { value: unknown; name?: string | undefined; last: boolean }) {
  const label = name === undefined ? null : <span class="j-key">{JSON.stringify(name)}: </span>;
  const comma = last ? '' : ',';
  if (value !== null && typeof value === 'object') {
    const isArray = Array.isArray(value);
    const entries: [string | undefined, unknown][] = isArray
      ? value.map((v) => [undefined, v])
      : Object.entries(value as Record<string, unknown>);
    const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
    if (entries.length === 0)
      return (
        <div class="j-line">
          {label}
          {open}
          {close}
          {comma}
        </div>
      );
    return (
      <details open class="j-node">
        <summary>
          {label}
          {open}
          <span class="j-fold">
            {' '}
            {entries.length}{' '}
            {isArray ? (entries.length === 1 ? 'item' : 'items') : entries.length === 1 ? 'key' : 'keys'}{' '}
            {close}
            {comma}
          </span>
        </summary>
        <div class="j-children">
          {entries.map(([k, v], i) => (
            <Value key={k ?? i} name={k} value={v} last={i === entries.length - 1} />
          ))}
        </div>
        <div class="j-line">
          {close}
          {comma}
        </div>
      </details>
    );
  }
  const kind = value === null ? 'null' : typeof value;
  return (
    <div class="j-line">
      {label}
      <span class={`j-${kind}`}>{JSON.stringify(value) ?? 'undefined'}</span>
      {comma}
    </div>
  );
}

export function JsonView({ value, label }: { value: unknown; label: string }): ComponentChildren {
  return (
    <div class="json" role="group" aria-label={label}>
      {typeof value === 'string' ? <pre class="j-text">{value}</pre> : <Value value={value} last />}
    </div>
  );
}
