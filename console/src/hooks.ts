import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { describeError, isUnauthorized, useApi } from './api.js';

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  /** Reads again now (after a change the view made). */
  reload(): void;
}

/**
 * Reads `load` now, whenever `deps` change, and every `everyMs` while the tab is visible; one
 * read at a time. A 401 sends the page back to the token prompt.
 */
export function usePoll<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
  everyMs = 2000,
): Loaded<T> {
  const { unauthorized } = useApi();
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      if (document.visibilityState !== 'hidden') {
        try {
          const value = await loadRef.current(controller.signal);
          if (controller.signal.aborted) return;
          setData(value);
          setError(undefined);
        } catch (err) {
          if (controller.signal.aborted) return;
          if (isUnauthorized(err)) return unauthorized();
          setError(describeError(err));
        }
      }
      if (!controller.signal.aborted && everyMs > 0) timer = setTimeout(run, everyMs);
    };
    void run();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
    // `deps` are the caller's: a change of filter reads again at once.
  }, [...deps, tick, everyMs]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, reload };
}

export interface Action {
  busy: boolean;
  error: string | undefined;
  /** Runs `act`, showing its failure; answers its result, or undefined when it failed. */
  run<T>(act: () => Promise<T>): Promise<T | undefined>;
  clear(): void;
}

/** A state change the user asked for: busy while it runs, its error shown until the next one. */
export function useAction(): Action {
  const { unauthorized } = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const run = useCallback(
    async <T>(act: () => Promise<T>) => {
      setBusy(true);
      setError(undefined);
      try {
        return await act();
      } catch (err) {
        if (isUnauthorized(err)) unauthorized();
        else setError(describeError(err));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [unauthorized],
  );
  return { busy, error, run, clear: () => setError(undefined) };
}
