import { useState } from 'preact/hooks';
import type { TenantSelector } from '../../../src/sandbox/control-schemas.js';
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

/** `merchant:<imp_key>` or `vendor:<vendorId>` as the clock routes' query takes it; '' for the global clock. */
function tenantOf(choice: string): TenantSelector | undefined {
  const at = choice.indexOf(':');
  if (at < 0) return undefined;
  const id = choice.slice(at + 1);
  return choice.startsWith('merchant:') ? { merchant: id } : { vendor: id };
}

export function ClockView() {
  const { client } = useApi();
  const [whose, setWhose] = useState('');
  const tenant = tenantOf(whose);
  const clock = usePoll((signal) => client.clock(tenant, { signal }), [whose], 1000);
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
      <div class="row">
        <Field label="Whose clock" hint="a tenant's own offset is added to the sandbox's">
          <select name="whose" value={whose} onChange={(e) => setWhose(e.currentTarget.value)}>
            <option value="">the sandbox (everyone)</option>
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
      </div>
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
              onClick={() => change(() => client.advanceClock(seconds, tenant))}
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
            void change(() => client.advanceClock(seconds, tenant));
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
            disabled={action.busy || !c || tenant !== undefined}
            title={tenant ? 'Only the sandbox clock freezes, for everyone' : undefined}
            onClick={() => change(() => client.freezeClock(!c?.frozen))}
          >
            {c?.frozen ? 'Unfreeze' : 'Freeze'}
          </button>
          <button
            type="button"
            disabled={action.busy}
            onClick={() => change(() => client.resetClock(tenant))}
          >
            {tenant ? "Reset this tenant's offset" : 'Reset to real time'}
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
