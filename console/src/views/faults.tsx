import { useState } from 'preact/hooks';
import type { Fault, NewFault } from '../../../src/sandbox/control-schemas.js';
import { useApi } from '../api.js';
import { ErrorLine, Field, Pill, Time } from '../components/bits.js';
import { type Column, Table } from '../components/table.js';
import { useAction, usePoll } from '../hooks.js';

type Action = 'status' | 'delay' | 'drop' | 'hang';

interface Form {
  route: string;
  merchant: string;
  vendor: string;
  action: Action;
  status: string;
  when: 'before' | 'after';
  delayMs: string;
  times: string;
  probability: string;
  body: string;
}

const INITIAL: Form = {
  route: '',
  merchant: '',
  vendor: '',
  action: 'status',
  status: '500',
  when: 'before',
  delayMs: '3000',
  times: '1',
  probability: '1',
  body: '',
};

/** The form as `POST /sandbox/faults` takes it; the server checks it and names what is wrong. */
function faultOf(form: Form): NewFault {
  const match = {
    ...(form.route ? { route: form.route } : {}),
    ...(form.merchant ? { merchant: form.merchant } : {}),
    ...(form.vendor ? { vendor: form.vendor } : {}),
  };
  const common = {
    match,
    ...(form.times ? { times: Number(form.times) } : {}),
    ...(form.probability && form.probability !== '1' ? { probability: Number(form.probability) } : {}),
  };
  switch (form.action) {
    case 'status':
      return {
        ...common,
        action: 'status',
        status: Number(form.status),
        when: form.when,
        ...(form.body.trim() ? { body: JSON.parse(form.body) as unknown } : {}),
      } as NewFault;
    case 'drop':
      return { ...common, action: 'drop', when: form.when } as NewFault;
    case 'delay':
    case 'hang':
      return { ...common, action: form.action, delayMs: Number(form.delayMs) } as NewFault;
  }
}

function matchText(f: Fault): string {
  const parts = Object.entries(f.match).map(([k, v]) => (k === 'route' ? String(v) : `${k}=${String(v)}`));
  return parts.length ? parts.join(' · ') : 'every platform request';
}

function actionText(f: Fault): string {
  if (f.action === 'status') return `answer ${f.status} ${f.when}`;
  if (f.action === 'drop') return `drop ${f.when}`;
  return `${f.action} ${f.delayMs} ms`;
}

export function FaultsView() {
  const { client } = useApi();
  const faults = usePoll((signal) => client.faults({ signal }), [], 1500);
  const routes = usePoll((signal) => client.routes({ signal }), [], 0);
  const action = useAction();
  const [form, setForm] = useState<Form>(INITIAL);
  const set = (change: Partial<Form>) => setForm({ ...form, ...change });

  const columns: Column<Fault>[] = [
    { key: 'id', label: 'Id', value: (f) => Number(f.id), numeric: true },
    { key: 'match', label: 'Matches', value: matchText, render: (f) => <code>{matchText(f)}</code> },
    {
      key: 'action',
      label: 'Action',
      value: actionText,
      render: (f) => <Pill tone={f.action === 'delay' ? 'warn' : 'bad'}>{actionText(f)}</Pill>,
    },
    { key: 'probability', label: 'Probability', value: (f) => f.probability, numeric: true },
    { key: 'hits', label: 'Hits', value: (f) => f.hits, numeric: true },
    {
      key: 'remaining',
      label: 'Remaining',
      value: (f) => f.remaining ?? Infinity,
      render: (f) => (f.remaining === null ? '∞' : f.remaining),
      numeric: true,
    },
    { key: 'created', label: 'Added', value: (f) => f.createdAt, render: (f) => <Time at={f.createdAt} /> },
    {
      key: 'delete',
      label: '',
      render: (f) => (
        <button
          type="button"
          class="small danger"
          aria-label={`Delete fault ${f.id}`}
          onClick={async () => {
            await action.run(() => client.removeFault(f.id));
            faults.reload();
          }}
        >
          Delete
        </button>
      ),
    },
  ];

  return (
    <>
      <section class="panel" aria-labelledby="add-fault">
        <h2 id="add-fault">Add a fault</h2>
        <form
          aria-label="New fault"
          onSubmit={async (e) => {
            e.preventDefault();
            const added = await action.run(async () => client.addFault(faultOf(form)));
            if (added) {
              setForm({ ...form, body: '' });
              faults.reload();
            }
          }}
        >
          <div class="row">
            <Field label="Route">
              <select name="route" value={form.route} onChange={(e) => set({ route: e.currentTarget.value })}>
                <option value="">any route</option>
                {(['portone', 'coupang'] as const).map((platform) => (
                  <optgroup key={platform} label={platform === 'portone' ? 'PortOne' : 'Coupang'}>
                    {(routes.data ?? [])
                      .filter((r) => r.platform === platform)
                      .map((r) => (
                        <option key={r.route} value={r.route}>
                          {r.route}
                        </option>
                      ))}
                  </optgroup>
                ))}
              </select>
            </Field>
            <Field label="Merchant (imp_key)">
              <input
                name="merchant"
                value={form.merchant}
                onInput={(e) => set({ merchant: e.currentTarget.value })}
              />
            </Field>
            <Field label="Vendor id">
              <input
                name="vendor"
                value={form.vendor}
                onInput={(e) => set({ vendor: e.currentTarget.value })}
              />
            </Field>
          </div>
          <div class="row">
            <Field label="Action">
              <select
                name="action"
                value={form.action}
                onChange={(e) => set({ action: e.currentTarget.value as Action })}
              >
                <option value="status">answer a status</option>
                <option value="delay">delay the answer</option>
                <option value="drop">drop the connection</option>
                <option value="hang">hang, then close</option>
              </select>
            </Field>
            {form.action === 'status' ? (
              <Field label="Status">
                <input
                  name="status"
                  type="number"
                  min="400"
                  max="599"
                  required
                  value={form.status}
                  onInput={(e) => set({ status: e.currentTarget.value })}
                />
              </Field>
            ) : null}
            {form.action === 'status' || form.action === 'drop' ? (
              <Field label="When" hint="after: the request is handled, then its answer replaced">
                <select
                  name="when"
                  value={form.when}
                  onChange={(e) => set({ when: e.currentTarget.value as Form['when'] })}
                >
                  <option value="before">before handling</option>
                  <option value="after">after handling</option>
                </select>
              </Field>
            ) : (
              <Field label="Milliseconds">
                <input
                  name="delayMs"
                  type="number"
                  min="1"
                  max="300000"
                  required
                  value={form.delayMs}
                  onInput={(e) => set({ delayMs: e.currentTarget.value })}
                />
              </Field>
            )}
            <Field label="Times" hint="empty: until deleted">
              <input
                name="times"
                type="number"
                min="1"
                value={form.times}
                onInput={(e) => set({ times: e.currentTarget.value })}
              />
            </Field>
            <Field label="Probability">
              <input
                name="probability"
                type="number"
                min="0.01"
                max="1"
                step="0.01"
                value={form.probability}
                onInput={(e) => set({ probability: e.currentTarget.value })}
              />
            </Field>
          </div>
          {form.action === 'status' ? (
            <Field
              label="Body (JSON, optional)"
              hint="empty: the platform's envelope with the status's reason"
            >
              <textarea
                name="body"
                rows={2}
                value={form.body}
                onInput={(e) => set({ body: e.currentTarget.value })}
              />
            </Field>
          ) : null}
          <button type="submit" disabled={action.busy}>
            Add fault
          </button>
        </form>
        <ErrorLine error={action.error ?? routes.error} />
      </section>
      <section class="panel" aria-labelledby="faults-title">
        <h2 id="faults-title">In force</h2>
        <ErrorLine error={faults.error} />
        <Table
          label="Faults"
          testId="faults"
          columns={columns}
          rows={faults.data ?? []}
          rowKey={(f) => f.id}
          empty="No fault: every request is answered as usual."
        />
        {faults.data && faults.data.length > 1 ? (
          <button
            type="button"
            class="danger"
            onClick={async () => {
              await action.run(() => client.removeFaults());
              faults.reload();
            }}
          >
            Delete every fault
          </button>
        ) : null}
      </section>
    </>
  );
}
