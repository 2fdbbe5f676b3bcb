/**
 * The console: a token prompt when the server asks for one, then the views. Which view shows
 * is in the URL's hash (`#/journal`), so a view can be bookmarked and reloaded.
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { type Api, ApiContext, clientFor, describeError, isUnauthorized } from './api.js';
import { TokenPrompt } from './token.js';
import { ClockView } from './views/clock.js';
import { CoupangView } from './views/coupang.js';
import { FaultsView } from './views/faults.js';
import { JournalView } from './views/journal.js';
import { OverviewView } from './views/overview.js';
import { PortOneView } from './views/portone.js';

const VIEWS = [
  { id: 'overview', title: 'Overview', View: OverviewView },
  { id: 'portone', title: 'PortOne', View: PortOneView },
  { id: 'coupang', title: 'Coupang', View: CoupangView },
  { id: 'journal', title: 'Journal', View: JournalView },
  { id: 'faults', title: 'Faults', View: FaultsView },
  { id: 'clock', title: 'Clock', View: ClockView },
] as const;

/** The tab keeps the admin token until it is closed, so that a reload does not ask again. */
const TOKEN_KEY = 'baesong.adminToken';

function viewOfHash(): string {
  const id = window.location.hash.replace(/^#\/?/, '');
  return VIEWS.some((v) => v.id === id) ? id : 'overview';
}

type Gate =
  | { state: 'checking' }
  | { state: 'open'; token: string | undefined }
  | { state: 'token'; refused: boolean }
  | { state: 'unreachable'; message: string };

/** Tries the token: the clock is the cheapest route that needs it. */
async function check(token: string | undefined): Promise<Gate> {
  try {
    await clientFor(token).clock();
    return { state: 'open', token };
  } catch (err) {
    if (isUnauthorized(err)) return { state: 'token', refused: token !== undefined };
    return { state: 'unreachable', message: describeError(err) };
  }
}

export function Console() {
  const [gate, setGate] = useState<Gate>({ state: 'checking' });
  const [view, setView] = useState(viewOfHash);

  useEffect(() => {
    void check(sessionStorage.getItem(TOKEN_KEY) ?? undefined).then((g) => {
      if (g.state === 'token') sessionStorage.removeItem(TOKEN_KEY);
      setGate(g.state === 'token' ? { state: 'token', refused: false } : g);
    });
    const onHash = () => setView(viewOfHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const submitToken = useCallback(async (token: string) => {
    const g = await check(token);
    if (g.state === 'open') sessionStorage.setItem(TOKEN_KEY, token);
    setGate(g);
  }, []);

  const unauthorized = useCallback(() => {
    sessionStorage.removeItem(TOKEN_KEY);
    setGate({ state: 'token', refused: true });
  }, []);

  const token = gate.state === 'open' ? gate.token : undefined;
  const api = useMemo<Api>(() => ({ client: clientFor(token), unauthorized }), [token, unauthorized]);

  if (gate.state === 'checking') return <p class="center muted">Connecting to baesong…</p>;
  if (gate.state === 'unreachable')
    return (
      <div class="center">
        <p class="error" role="alert">
          {gate.message}
        </p>
        <button type="button" onClick={() => window.location.reload()}>
          Try again
        </button>
      </div>
    );
  if (gate.state === 'token') return <TokenPrompt refused={gate.refused} onSubmit={submitToken} />;

  const current = VIEWS.find((v) => v.id === view) ?? VIEWS[0];
  return (
    <ApiContext.Provider value={api}>
      <div class="layout">
        <nav aria-label="Views">
          <div class="nav-inner">
            <div class="brand">
              baesong <span>배송</span>
            </div>
            <ul>
              {VIEWS.map((v) => (
                <li key={v.id}>
                  <a href={`#/${v.id}`} aria-current={v.id === current.id ? 'page' : undefined}>
                    {v.title}
                  </a>
                </li>
              ))}
            </ul>
            {token !== undefined ? (
              <button type="button" class="small ghost" onClick={unauthorized}>
                Forget token
              </button>
            ) : null}
          </div>
        </nav>
        <main>
          <h1>{current.title}</h1>
          <current.View />
        </main>
      </div>
    </ApiContext.Provider>
  );
}
