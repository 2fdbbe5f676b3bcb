import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

/** Copies `text` to the clipboard; says so for a moment. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [done, setDone] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // No clipboard (an insecure origin): select the text for the user to copy instead.
      window.prompt('Copy with Ctrl+C', text);
    }
    setDone(true);
    setTimeout(() => setDone(false), 1500);
  };
  return (
    <button type="button" class="small" onClick={copy} aria-label={`${label}: ${text.slice(0, 40)}`}>
      {done ? 'Copied' : label}
    </button>
  );
}

/** A status code coloured by its class. */
export function StatusBadge({ status }: { status: number | null }) {
  if (status === null) return <span class="badge s-none">no answer</span>;
  return <span class={`badge s-${Math.floor(status / 100)}xx`}>{status}</span>;
}

/** A word coloured by how it went: ok, warn, bad or neutral. */
export function Pill({
  tone,
  children,
}: {
  tone: 'ok' | 'warn' | 'bad' | 'neutral';
  children: ComponentChildren;
}) {
  return <span class={`badge t-${tone}`}>{children}</span>;
}

export function ErrorLine({ error }: { error: string | undefined }) {
  return error ? (
    <p class="error" role="alert">
      {error}
    </p>
  ) : null;
}

export function Field({
  label,
  children,
  hint,
}: {
  label: string;
  children: ComponentChildren;
  hint?: string;
}) {
  return (
    <label class="field">
      <span>{label}</span>
      {children}
      {hint ? <small>{hint}</small> : null}
    </label>
  );
}

/** A secret the API shows only once: shown with copy buttons until dismissed. */
export function ShownOnce({
  title,
  items,
  onClose,
}: {
  title: string;
  items: [string, string][];
  onClose: () => void;
}) {
  return (
    <section class="once" aria-label={title} data-testid="shown-once">
      <header>
        <strong>{title}</strong>
        <span>Shown only now: baesong keeps no copy of the secret.</span>
      </header>
      <dl>
        {items.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>
              <code data-field={name}>{value}</code> <CopyButton text={value} />
            </dd>
          </div>
        ))}
      </dl>
      <button type="button" onClick={onClose}>
        Done
      </button>
    </section>
  );
}

const KST = new Intl.DateTimeFormat('ko-KR', {
  timeZone: 'Asia/Seoul',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** An instant as Korea's local time (the platforms' own), with the ISO text on hover. */
export function Time({ at }: { at: number | string | Date | null | undefined }) {
  if (at === null || at === undefined || at === 0) return <span class="muted">—</span>;
  const date = at instanceof Date ? at : new Date(typeof at === 'number' && at < 1e11 ? at * 1000 : at);
  if (Number.isNaN(date.getTime())) return <span>{String(at)}</span>;
  return (
    <time dateTime={date.toISOString()} title={date.toISOString()}>
      {KST.format(date)} KST
    </time>
  );
}
