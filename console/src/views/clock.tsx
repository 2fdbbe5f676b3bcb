import { useState } from 'preact/hooks';
import { useApi } from '../api.js';
import { ErrorLine, Field, Time } from '../components/bits.js';
import { useAction, usePoll } from '../hooks.js';
import { formatOffset } from './overview.js';

const STEPS = [
  ['+1 min', 60],
  ['+30 min', 1800],
  ['+1 day', 86400],
] as const;

const UNITS = { seconds: 1, minutes: 60, hours: 3600, days: 86400 } as const;

export function ClockView() {
  const { client } = useApi();
  const clock = usePoll((signal) => client.clock(undefined, { signal }), [], 1000);
  const action = useAction();
  const [amount, setAmount] = useState('2');
  const [unit, setUnit] = useState<keyof typeof UNITS>('hours');

  const change = async (act: () => Promise<unknown>) => {
    await action.run(act);
    clock.reload();
  };
  const c = clock.data;

  return (
    <>
      <ErrorLine error={clock.error ?? action.error} />
      <section class="panel clock" aria-label="Now">
        <p class="now" data-testid="clock-now" data-now={c?.now}>
          {c ? <Time at={c.now} /> : '…'}
        </p>
        <p class="muted">
          {c ? (
            <>
              <code>{c.now}</code> · {c.frozen ? 'frozen' : 'running'} ·{' '}
              {c.offsetMs === 0 ? 'real time' : `${formatOffset(c.offsetMs)} from real time`}
            </>
          ) : null}
        </p>
      </section>
      <section class="panel" aria-label="Move the clock">
        <h2>Advance</h2>
        <div class="row">
          {STEPS.map(([label, seconds]) => (
            <button
              type="button"
              key={label}
              disabled={action.busy}
              onClick={() => change(() => client.advanceClock(seconds))}
            >
              {label}
            </button>
          ))}
        </div>
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            const seconds = Number(amount) * UNITS[unit];
            void change(() => client.advanceClock(seconds));
          }}
        >
          <Field label="By">
            <input
              type="number"
              min="0"
              step="any"
              required
              value={amount}
              onInput={(e) => setAmount(e.currentTarget.value)}
              aria-label="Amount"
            />
          </Field>
          <Field label="Unit">
            <select value={unit} onChange={(e) => setUnit(e.currentTarget.value as keyof typeof UNITS)}>
              {Object.keys(UNITS).map((u) => (
                <option key={u}>{u}</option>
              ))}
            </select>
          </Field>
          <button type="submit" disabled={action.busy}>
            Advance
          </button>
        </form>
        <h2>Freeze and reset</h2>
        <div class="row">
          <button
            type="button"
            disabled={action.busy || !c}
            onClick={() => change(() => client.freezeClock(!c?.frozen))}
          >
            {c?.frozen ? 'Unfreeze' : 'Freeze'}
          </button>
          <button type="button" disabled={action.busy} onClick={() => change(() => client.resetClock())}>
            Reset to real time
          </button>
        </div>
        <p class="muted">
          Tokens expire, signatures are judged and dates are written by this clock. Advancing it past a
          token&apos;s expiry is how a client&apos;s renewal is tested.
        </p>
      </section>
    </>
  );
}
