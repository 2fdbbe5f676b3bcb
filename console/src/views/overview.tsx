import { useApi } from '../api.js';
import { ErrorLine, Time } from '../components/bits.js';
import { useAction, usePoll } from '../hooks.js';

/** The window over which requests per second are counted, by the sandbox clock. */
const RATE_WINDOW_SECONDS = 10;

export function OverviewView() {
  const { client } = useApi();
  const reset = useAction();
  const { data, error, reload } = usePoll(async (signal) => {
    const [merchants, vendors, clock, journal] = await Promise.all([
      client.merchants({ signal }),
      client.vendors({ signal }),
      client.clock(undefined, { signal }),
      client.countRequests({}, { signal }),
    ]);
    const since = new Date(Date.parse(clock.now) - RATE_WINDOW_SECONDS * 1000);
    const recent = await client.countRequests({ since }, { signal });
    const sum = <T,>(rows: T[], f: (row: T) => number) => rows.reduce((n, row) => n + f(row), 0);
    return {
      clock,
      counts: [
        ['Merchants', merchants.length, 'portone'],
        ['Payments', sum(merchants, (m) => m.payments), 'portone'],
        ['Vendors', vendors.length, 'coupang'],
        ['Outbound places', sum(vendors, (v) => v.outboundPlaces), 'coupang'],
        ['Return centers', sum(vendors, (v) => v.returnCenters), 'coupang'],
        ['Journal entries', journal, 'journal'],
      ] as const,
      perSecond: clock.frozen ? null : recent / RATE_WINDOW_SECONDS,
    };
  }, []);

  return (
    <>
      <ErrorLine error={error} />
      {data ? (
        <>
          <section class="cards" aria-label="Counts">
            {data.counts.map(([label, n, view]) => (
              <a class="card" href={`#/${view}`} key={label} data-testid={`count-${label}`}>
                <span class="card-n">{n.toLocaleString('en')}</span>
                <span class="card-label">{label}</span>
              </a>
            ))}
            <div class="card" data-testid="rate">
              <span class="card-n">{data.perSecond === null ? '—' : data.perSecond.toFixed(1)}</span>
              <span class="card-label">
                {data.perSecond === null
                  ? 'requests/s (clock frozen)'
                  : `requests/s (last ${RATE_WINDOW_SECONDS} s)`}
              </span>
            </div>
          </section>
          <section class="panel" aria-label="Clock">
            <h2>Clock</h2>
            <p>
              <Time at={data.clock.now} /> {data.clock.frozen ? <strong>(frozen)</strong> : null}
              {data.clock.offsetMs !== 0 ? (
                <span class="muted"> · {formatOffset(data.clock.offsetMs)} from real time</span>
              ) : null}{' '}
              <a href="#/clock">move it</a>
            </p>
          </section>
          <section class="panel" aria-label="Reset">
            <h2>Start again</h2>
            <p class="muted">
              Deletes every merchant, payment, vendor and place, empties the journal, removes the faults and
              puts the clock back to real time (<code>POST /sandbox/reset</code>).
            </p>
            <ErrorLine error={reset.error} />
            <button
              type="button"
              class="danger"
              disabled={reset.busy}
              onClick={async () => {
                if (!window.confirm('Delete everything the sandbox holds?')) return;
                await reset.run(() => client.reset());
                reload();
              }}
            >
              Reset the sandbox
            </button>
          </section>
        </>
      ) : (
        <p class="muted">Loading…</p>
      )}
    </>
  );
}

/** `+1d 2h 3m 4s`: an offset as a person reads it. */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '−' : '+';
  let s = Math.round(Math.abs(ms) / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (s >= size) {
      parts.push(`${Math.floor(s / size)}${unit}`);
      s %= size;
    }
  }
  if (s > 0 || parts.length === 0) parts.push(`${s}s`);
  return sign + parts.join(' ');
}
