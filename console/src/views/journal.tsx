/**
 * The request journal, live: the newest entries are read again every second (`GET
 * /sandbox/requests`, following its cursor back when more arrived than one page holds), so
 * requests appear without a reload. The list is windowed: only the rows in view are in the page,
 * so a thousand entries scroll as smoothly as ten.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { JournalEntry } from '../../../src/sandbox/control-schemas.js';
import { describeError, isUnauthorized, useApi } from '../api.js';
import { CopyButton, ErrorLine, Field, StatusBadge } from '../components/bits.js';
import { JsonView } from '../components/json.js';
import { curlCommand } from '../curl.js';
import { useAction, usePoll } from '../hooks.js';
import { FEED_LIMIT, mergeEntries, overlaps } from '../journal-feed.js';

const PAGE = 100;
const POLL_MS = 1000;
const ROW_HEIGHT = 32;
const OVERSCAN = 8;

interface Filters {
  platform: '' | 'portone' | 'coupang';
  route: string;
  status: '' | '2xx' | '3xx' | '4xx' | '5xx';
  /** `merchant:<imp_key>` or `vendor:<vendorId>`. */
  tenant: string;
}

const NO_FILTERS: Filters = { platform: '', route: '', status: '', tenant: '' };

function queryOf(f: Filters) {
  const [kind, id] = f.tenant
    ? [f.tenant.slice(0, f.tenant.indexOf(':')), f.tenant.slice(f.tenant.indexOf(':') + 1)]
    : [];
  return {
    platform: f.platform || undefined,
    route: f.route || undefined,
    status: f.status || undefined,
    merchant: kind === 'merchant' ? id : undefined,
    vendor: kind === 'vendor' ? id : undefined,
  };
}

function tenantText(e: JournalEntry): string {
  if (!e.tenant) return '';
  return 'merchant' in e.tenant ? e.tenant.merchant : e.tenant.vendor;
}

export function JournalView() {
  const { client, unauthorized } = useApi();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [live, setLive] = useState(true);
  const [entries, setEntries] = useState<JournalEntry[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | undefined>(undefined);
  const [openId, setOpenId] = useState<string | null>(null);
  const empty = useAction();
  const routes = usePoll((signal) => client.routes({ signal }), [], 0);
  const tenants = usePoll(
    async (signal) => {
      const [merchants, vendors] = await Promise.all([
        client.merchants({ signal }),
        client.vendors({ signal }),
      ]);
      return { merchants, vendors };
    },
    [],
    5000,
  );

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const query = queryOf(filters);
    let known: JournalEntry[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    setEntries([]);
    setTotal(null);
    const poll = async () => {
      if (document.visibilityState !== 'hidden') {
        try {
          // The first read fills the list; later ones bring what arrived since.
          let page = await client.requests(
            { ...query, limit: known.length === 0 ? FEED_LIMIT : PAGE },
            { signal },
          );
          const newest = [...page.requests];
          // More arrived since the last read than one page holds: read back until the pages meet.
          while (page.next && newest.length < FEED_LIMIT && !overlaps(known, page.requests)) {
            page = await client.requests({ ...query, limit: PAGE, cursor: page.next }, { signal });
            newest.push(...page.requests);
          }
          const count = await client.countRequests(query, { signal });
          known = mergeEntries(known, newest, page.next === null);
          setEntries(known);
          setTotal(count);
          setError(undefined);
        } catch (err) {
          if (signal.aborted) return;
          if (isUnauthorized(err)) return unauthorized();
          setError(describeError(err));
        }
      }
      if (!signal.aborted && live) timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [filters, live, client, unauthorized]);

  const open = entries.find((e) => e.id === openId) ?? null;
  const set = (change: Partial<Filters>) => setFilters({ ...filters, ...change });
  const routeChoices = (routes.data ?? []).filter(
    (r) => !filters.platform || r.platform === filters.platform,
  );

  return (
    <>
      <form class="row filters" aria-label="Journal filters" onSubmit={(e) => e.preventDefault()}>
        <Field label="Platform">
          <select
            name="platform"
            value={filters.platform}
            onChange={(e) => set({ platform: e.currentTarget.value as Filters['platform'], route: '' })}
          >
            <option value="">all</option>
            <option value="portone">PortOne</option>
            <option value="coupang">Coupang</option>
          </select>
        </Field>
        <Field label="Route">
          <select name="route" value={filters.route} onChange={(e) => set({ route: e.currentTarget.value })}>
            <option value="">all</option>
            {routeChoices.map((r) => (
              <option key={r.route} value={r.route}>
                {r.route}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Status">
          <select
            name="status"
            value={filters.status}
            onChange={(e) => set({ status: e.currentTarget.value as Filters['status'] })}
          >
            <option value="">all</option>
            {(['2xx', '3xx', '4xx', '5xx'] as const).map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </Field>
        <Field label="Tenant">
          <select
            name="tenant"
            value={filters.tenant}
            onChange={(e) => set({ tenant: e.currentTarget.value })}
          >
            <option value="">all</option>
            {tenants.data?.merchants.map((m) => (
              <option key={m.imp_key} value={`merchant:${m.imp_key}`}>
                merchant {m.name} ({m.imp_key})
              </option>
            ))}
            {tenants.data?.vendors.map((v) => (
              <option key={v.vendorId} value={`vendor:${v.vendorId}`}>
                vendor {v.vendorId}
              </option>
            ))}
          </select>
        </Field>
        <label class="check">
          <input
            type="checkbox"
            name="live"
            checked={live}
            onChange={(e) => setLive(e.currentTarget.checked)}
          />
          Live
        </label>
        <button
          type="button"
          class="small danger"
          disabled={empty.busy}
          onClick={async () => {
            if (!window.confirm('Delete every entry of the journal?')) return;
            await empty.run(() => client.deleteRequests());
          }}
        >
          Empty the journal
        </button>
        <span class="muted" data-testid="journal-count">
          {total === null
            ? ''
            : `${entries.length.toLocaleString('en')} shown of ${total.toLocaleString('en')}`}
        </span>
      </form>
      <ErrorLine error={error ?? empty.error} />
      <div class={open ? 'journal split' : 'journal'}>
        <EntryList entries={entries} openId={openId} onOpen={setOpenId} />
        {open ? <EntryDetail entry={open} onClose={() => setOpenId(null)} /> : null}
      </div>
      {total !== null && total > entries.length ? (
        <p class="muted">
          The newest {FEED_LIMIT.toLocaleString('en')} are shown; narrow the filters, or page through the rest
          with <code>GET /sandbox/requests?cursor=</code>.
        </p>
      ) : null}
    </>
  );
}

/** The windowed list: rows are placed at `index × ROW_HEIGHT`, and only those in view are rendered. */
function EntryList({
  entries,
  openId,
  onOpen,
}: {
  entries: JournalEntry[];
  openId: string | null;
  onOpen: (id: string) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(entries.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const openIndex = useMemo(() => entries.findIndex((e) => e.id === openId), [entries, openId]);

  /** Up and down move through the list, Home and End to its ends; the entry moved to opens. */
  const onKeyDown = (e: KeyboardEvent) => {
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 }[e.key];
    let index = openIndex;
    if (step !== undefined)
      index = Math.min(entries.length - 1, Math.max(0, (openIndex < 0 ? -1 : openIndex) + step));
    else if (e.key === 'Home') index = 0;
    else if (e.key === 'End') index = entries.length - 1;
    else return;
    e.preventDefault();
    const entry = entries[index];
    if (!entry) return;
    onOpen(entry.id);
    const el = box.current;
    if (el) {
      const top = index * ROW_HEIGHT;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight)
        el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
    }
  };

  return (
    <div
      class="entries"
      ref={box}
      role="listbox"
      aria-label="Requests, newest first"
      aria-activedescendant={openId ? `entry-${openId}` : undefined}
      tabIndex={0}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
      data-testid="journal-list"
    >
      {entries.length === 0 ? (
        <p class="muted empty">
          No request yet. Requests to the PortOne and Coupang routes appear here as they are answered.
        </p>
      ) : null}
      <div style={{ height: `${entries.length * ROW_HEIGHT}px`, position: 'relative' }}>
        {entries.slice(first, last).map((e, i) => (
          <div
            key={e.id}
            id={`entry-${e.id}`}
            role="option"
            aria-selected={e.id === openId}
            class={e.id === openId ? 'entry selected' : 'entry'}
            style={{ transform: `translateY(${(first + i) * ROW_HEIGHT}px)`, height: `${ROW_HEIGHT}px` }}
            onClick={() => onOpen(e.id)}
            data-path={e.path}
          >
            <span class="e-time">{e.at.slice(11, 23)}</span>
            <span class={`e-platform p-${e.platform}`}>
              {e.platform === 'portone' ? 'PortOne' : 'Coupang'}
            </span>
            <span class="e-method">{e.method}</span>
            <span class="e-path" title={e.path}>
              {e.path}
              {e.query ? <span class="muted">?{e.query}</span> : null}
            </span>
            <StatusBadge status={e.response?.status ?? null} />
            {e.fault ? (
              <span class="badge t-bad" title={`fault ${e.fault}`}>
                fault
              </span>
            ) : null}
            <span class="e-tenant muted">{tenantText(e)}</span>
            <span class="e-ms muted">{e.durationMs.toFixed(1)} ms</span>
          </div>
        ))}
      </div>
    </div>
  );
}

function EntryDetail({ entry, onClose }: { entry: JournalEntry; onClose: () => void }) {
  const curl = curlCommand(entry, window.location.origin);
  return (
    <section class="detail" aria-label="Request and answer" data-testid="journal-detail">
      <header>
        <strong>
          {entry.method} {entry.path}
        </strong>{' '}
        <StatusBadge status={entry.response?.status ?? null} />
        <button type="button" class="small ghost" onClick={onClose} aria-label="Close">
          ✕
        </button>
        <p class="muted">
          {entry.at} · {entry.route ?? 'no route matched'} · {entry.durationMs} ms
          {entry.tenant
            ? ` · ${'merchant' in entry.tenant ? `merchant ${entry.tenant.merchant}` : `vendor ${entry.tenant.vendor}`}`
            : ''}
          {entry.fault ? ` · shaped by fault ${entry.fault}` : ''}
        </p>
      </header>
      <div class="curl">
        <code data-testid="curl">{curl}</code>
        <CopyButton text={curl} label="Copy curl" />
      </div>
      <div class="sides">
        <div>
          <h3>Request</h3>
          <JsonView label="Request" value={{ headers: entry.request.headers, body: entry.request.body }} />
        </div>
        <div>
          <h3>Answer</h3>
          {entry.response ? (
            <JsonView label="Answer" value={entry.response} />
          ) : (
            <p class="muted">No answer: a fault dropped the request or held it.</p>
          )}
        </div>
      </div>
    </section>
  );
}
