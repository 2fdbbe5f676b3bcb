import { useState } from 'preact/hooks';
import type { PaymentDeliveries, PaymentSummary, SandboxMerchant } from '../../../src/sandbox/schemas.js';
import { useApi } from '../api.js';
import { ErrorLine, Field, Pill, ShownOnce, Time } from '../components/bits.js';
import { type Column, Table } from '../components/table.js';
import { useAction, usePoll } from '../hooks.js';
import { Timeline, type TimelineEvent } from '../components/timeline.js';

/** The PGs whose escrow rules baesong knows, Paymentwall, and one with no escrow delivery API. */
const PG_PROVIDERS = ['html5_inicis', 'kcp', 'daou', 'paymentwall', 'tosspayments'];

export function PortOneView() {
  return (
    <>
      <Merchants />
      <Payments />
    </>
  );
}

function Merchants() {
  const { client } = useApi();
  const merchants = usePoll((signal) => client.merchants({ signal }), []);
  const action = useAction();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<SandboxMerchant | null>(null);

  const columns: Column<NonNullable<typeof merchants.data>[number]>[] = [
    { key: 'name', label: 'Name', value: (m) => m.name },
    { key: 'imp_key', label: 'imp_key', value: (m) => m.imp_key, render: (m) => <code>{m.imp_key}</code> },
    { key: 'merchant_id', label: 'Merchant id', value: (m) => m.merchant_id },
    { key: 'payments', label: 'Payments', value: (m) => m.payments, numeric: true },
    {
      key: 'actions',
      label: '',
      render: (m) => (
        <button
          type="button"
          class="small danger"
          aria-label={`Delete merchant ${m.name}`}
          onClick={async () => {
            if (!window.confirm(`Delete ${m.name} (${m.imp_key}) with its payments, journal and faults?`))
              return;
            await action.run(() => client.deleteMerchant(m.imp_key));
            merchants.reload();
          }}
        >
          Delete
        </button>
      ),
    },
  ];

  return (
    <section class="panel" aria-labelledby="merchants-title">
      <h2 id="merchants-title">Merchants</h2>
      <form
        class="row"
        aria-label="New merchant"
        onSubmit={async (e) => {
          e.preventDefault();
          const merchant = await action.run(() => client.createMerchant(name ? { name } : {}));
          if (merchant) {
            setCreated(merchant);
            setName('');
            merchants.reload();
          }
        }}
      >
        <Field label="Name">
          <input
            name="merchant-name"
            value={name}
            placeholder="배송상점"
            maxLength={100}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </Field>
        <button type="submit" disabled={action.busy}>
          Create merchant
        </button>
      </form>
      <ErrorLine error={merchants.error ?? action.error} />
      {created ? (
        <ShownOnce
          title={`Merchant ${created.name} created`}
          items={[
            ['imp_key', created.imp_key],
            ['imp_secret', created.imp_secret],
          ]}
          onClose={() => setCreated(null)}
        />
      ) : null}
      <Table
        label="Merchants"
        testId="merchants"
        columns={columns}
        rows={merchants.data ?? []}
        rowKey={(m) => m.imp_key}
        empty="No merchant yet: create one above."
      />
    </section>
  );
}

function paymentTone(status: string) {
  return status === 'paid'
    ? 'ok'
    : status === 'ready'
      ? 'warn'
      : status === 'cancelled' || status === 'failed'
        ? 'bad'
        : 'neutral';
}

function Payments() {
  const { client } = useApi();
  const merchants = usePoll((signal) => client.merchants({ signal }), [], 5000);
  const [filter, setFilter] = useState('');
  const [pages, setPages] = useState(1);
  const payments = usePoll(
    async (signal) => {
      // The pages asked for so far, read again: the list stays as the API has it.
      const rows: PaymentSummary[] = [];
      let cursor: string | undefined;
      let next: string | null = null;
      for (let page = 0; page < pages; page++) {
        const list = await client.payments({ imp_key: filter || undefined, cursor, limit: 100 }, { signal });
        rows.push(...list.payments);
        next = list.next;
        if (!next) break;
        cursor = next;
      }
      return { rows, more: next !== null };
    },
    [filter, pages],
  );
  const action = useAction();
  const [form, setForm] = useState({
    imp_key: '',
    pg_provider: 'html5_inicis',
    escrow: true,
    amount: '15000',
    name: '',
  });
  const [open, setOpen] = useState<string | null>(null);
  const known = merchants.data ?? [];
  const impKey = form.imp_key || known[0]?.imp_key || '';

  const columns: Column<PaymentSummary>[] = [
    { key: 'imp_uid', label: 'imp_uid', value: (p) => p.imp_uid, render: (p) => <code>{p.imp_uid}</code> },
    { key: 'merchant_uid', label: 'merchant_uid', value: (p) => p.merchant_uid },
    { key: 'pg', label: 'PG', value: (p) => p.pg_provider },
    { key: 'escrow', label: 'Escrow', value: (p) => p.escrow, render: (p) => (p.escrow ? 'yes' : 'no') },
    {
      key: 'status',
      label: 'Status',
      value: (p) => p.status,
      render: (p) => <Pill tone={paymentTone(p.status)}>{p.status}</Pill>,
    },
    {
      key: 'amount',
      label: 'Amount (₩)',
      value: (p) => p.amount,
      render: (p) => p.amount.toLocaleString('ko-KR'),
      numeric: true,
    },
    { key: 'name', label: 'Item', value: (p) => p.name },
    {
      key: 'delivery',
      label: 'Deliveries',
      value: (p) => (p.escrow_delivery ? 1 : 0) + p.paymentwall_deliveries,
      render: (p) =>
        p.escrow_delivery ? (
          <Pill tone="ok">escrow {p.escrow_delivery.logis.invoice as string}</Pill>
        ) : p.paymentwall_deliveries > 0 ? (
          <Pill tone="ok">{p.paymentwall_deliveries} Paymentwall</Pill>
        ) : (
          <span class="muted">none</span>
        ),
    },
    {
      key: 'started',
      label: 'Started',
      value: (p) => p.started_at,
      render: (p) => <Time at={p.started_at} />,
    },
  ];

  return (
    <section class="panel" aria-labelledby="payments-title">
      <h2 id="payments-title">Payments</h2>
      <form
        class="row"
        aria-label="New payment"
        onSubmit={async (e) => {
          e.preventDefault();
          const payment = await action.run(() =>
            client.createPayment({
              imp_key: impKey,
              pg_provider: form.pg_provider,
              escrow: form.escrow,
              amount: Number(form.amount),
              ...(form.name ? { name: form.name } : {}),
            }),
          );
          if (payment) {
            setOpen(payment.imp_uid);
            payments.reload();
          }
        }}
      >
        <Field label="Merchant">
          <select
            name="payment-merchant"
            value={impKey}
            required
            onChange={(e) => setForm({ ...form, imp_key: e.currentTarget.value })}
          >
            {known.map((m) => (
              <option key={m.imp_key} value={m.imp_key}>
                {m.name} ({m.imp_key})
              </option>
            ))}
          </select>
        </Field>
        <Field label="PG">
          <select
            name="pg"
            value={form.pg_provider}
            onChange={(e) => setForm({ ...form, pg_provider: e.currentTarget.value })}
          >
            {PG_PROVIDERS.map((pg) => (
              <option key={pg}>{pg}</option>
            ))}
          </select>
        </Field>
        <label class="check">
          <input
            type="checkbox"
            name="escrow"
            checked={form.escrow}
            onChange={(e) => setForm({ ...form, escrow: e.currentTarget.checked })}
          />
          Escrow
        </label>
        <Field label="Amount (₩)">
          <input
            type="number"
            name="amount"
            min="1"
            required
            value={form.amount}
            onInput={(e) => setForm({ ...form, amount: e.currentTarget.value })}
          />
        </Field>
        <Field label="Item">
          <input
            name="item"
            value={form.name}
            placeholder="무선 이어폰"
            onInput={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
        </Field>
        <button type="submit" disabled={action.busy || !impKey}>
          Create payment
        </button>
      </form>
      <ErrorLine error={payments.error ?? action.error} />
      <div class="row">
        <Field label="Show payments of">
          <select
            name="payment-filter"
            value={filter}
            onChange={(e) => {
              setFilter(e.currentTarget.value);
              setPages(1);
            }}
          >
            <option value="">every merchant</option>
            {known.map((m) => (
              <option key={m.imp_key} value={m.imp_key}>
                {m.name} ({m.imp_key})
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Table
        label="Payments"
        testId="payments"
        columns={columns}
        rows={payments.data?.rows ?? []}
        rowKey={(p) => p.imp_uid}
        onOpen={(p) => setOpen(open === p.imp_uid ? null : p.imp_uid)}
        selected={open ?? undefined}
        empty="No payment yet."
      />
      {payments.data?.more ? (
        <button type="button" onClick={() => setPages(pages + 1)}>
          Show 100 more
        </button>
      ) : null}
      {open ? (
        <PaymentTimeline impUid={open} payment={payments.data?.rows.find((p) => p.imp_uid === open)} />
      ) : null}
    </section>
  );
}

/** What happened to a payment, oldest first: paid, its escrow delivery, each Paymentwall status. */
function paymentEvents(payment: PaymentSummary | undefined, deliveries: PaymentDeliveries): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  if (payment) {
    events.push({
      at: payment.started_at,
      title: 'Payment started',
      detail: `${payment.pg_provider} · ₩${payment.amount.toLocaleString('ko-KR')}`,
    });
    if (payment.paid_at) events.push({ at: payment.paid_at, title: 'Paid', tone: 'ok' });
    if (payment.cancelled_at) events.push({ at: payment.cancelled_at, title: 'Cancelled', tone: 'bad' });
    if (payment.failed_at) events.push({ at: payment.failed_at, title: 'Failed', tone: 'bad' });
  }
  const escrow = deliveries.escrow;
  if (escrow) {
    const logis = escrow.logis as { company?: string; invoice?: string; sent_at?: number };
    if (logis.sent_at)
      events.push({
        at: logis.sent_at,
        title: 'Sent (as registered)',
        detail: `${logis.company ?? ''} ${logis.invoice ?? ''}`,
      });
    events.push({
      at: escrow.applied_at,
      title: 'Escrow delivery registered',
      tone: 'ok',
      detail: `${logis.company ?? ''} · invoice ${logis.invoice ?? ''} · to ${String(escrow.receiver.name ?? '')} ${String(escrow.receiver.addr ?? '')}`,
    });
  }
  for (const record of deliveries.paymentwall) {
    events.push({
      at: record.received_at,
      title: `Paymentwall: ${record.status}`,
      tone: record.status === 'delivered' ? 'ok' : 'neutral',
      detail: [record.type, record.carrier_type, record.carrier_tracking_id].filter(Boolean).join(' · '),
    });
  }
  return events.sort((a, b) => a.at - b.at);
}

function PaymentTimeline({ impUid, payment }: { impUid: string; payment: PaymentSummary | undefined }) {
  const { client } = useApi();
  const deliveries = usePoll(() => client.getDeliveries(impUid), [impUid]);
  return (
    <section class="panel inset" aria-label={`Timeline of ${impUid}`} data-testid="payment-timeline">
      <h3>
        Timeline of <code>{impUid}</code>
      </h3>
      <ErrorLine error={deliveries.error} />
      {deliveries.data ? (
        <>
          <Timeline events={paymentEvents(payment, deliveries.data)} />
          {!deliveries.data.escrow && deliveries.data.paymentwall.length === 0 ? (
            <p class="muted">
              No delivery registered yet: POST /escrows/logis/{impUid} or /paymentwall/delivery.
            </p>
          ) : null}
        </>
      ) : (
        <p class="muted">Loading…</p>
      )}
    </section>
  );
}
