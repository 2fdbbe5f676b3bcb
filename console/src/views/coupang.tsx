import { useState } from 'preact/hooks';
import type { OutboundPlace, ReturnCenter } from '../../../src/coupang/schemas.js';
import type { NewVendorBody, SandboxVendor, VendorSummary } from '../../../src/sandbox/schemas.js';
import { useApi } from '../api.js';
import { ErrorLine, Field, Pill, ShownOnce, Time } from '../components/bits.js';
import { type Column, Table } from '../components/table.js';
import { useAction, usePoll } from '../hooks.js';

/** The couriers a return contract may name. */
const COURIERS = ['CJGLS', 'HANJIN', 'HYUNDAI', 'KGB', 'EPOST', 'ILYANG'] as const;
type Contract = NonNullable<NewVendorBody['contracts']>[number];

export function CoupangView() {
  const { client } = useApi();
  const vendors = usePoll((signal) => client.vendors({ signal }), []);
  const action = useAction();
  const [open, setOpen] = useState<string | null>(null);
  const [created, setCreated] = useState<SandboxVendor | null>(null);

  const columns: Column<VendorSummary>[] = [
    {
      key: 'vendorId',
      label: 'Vendor id',
      value: (v) => v.vendorId,
      render: (v) => <code>{v.vendorId}</code>,
    },
    {
      key: 'accessKey',
      label: 'Access key',
      value: (v) => v.accessKey,
      render: (v) => <code>{v.accessKey}</code>,
    },
    { key: 'userIds', label: 'User ids', value: (v) => v.userIds.join(', ') },
    {
      key: 'contracts',
      label: 'Contracts',
      value: (v) => v.contracts?.length ?? -1,
      render: (v) =>
        v.contracts === null ? (
          <span class="muted">any</span>
        ) : (
          v.contracts
            .map(
              (c) => `${c.deliverCode} ${c.contractNumber}${c.confirmed === false ? ' (unconfirmed)' : ''}`,
            )
            .join(', ')
        ),
    },
    { key: 'outbound', label: 'Outbound places', value: (v) => v.outboundPlaces, numeric: true },
    { key: 'centers', label: 'Return centers', value: (v) => v.returnCenters, numeric: true },
    {
      key: 'actions',
      label: '',
      render: (v) => (
        <button
          type="button"
          class="small danger"
          aria-label={`Delete vendor ${v.vendorId}`}
          onClick={async (e) => {
            e.stopPropagation();
            if (!window.confirm(`Delete ${v.vendorId} with its places, centers, journal and faults?`)) return;
            await action.run(() => client.deleteVendor(v.vendorId));
            if (open === v.vendorId) setOpen(null);
            vendors.reload();
          }}
        >
          Delete
        </button>
      ),
    },
  ];

  return (
    <>
      <section class="panel" aria-labelledby="vendors-title">
        <h2 id="vendors-title">Vendors</h2>
        <NewVendor
          onCreated={(v) => {
            setCreated(v);
            setOpen(v.vendorId);
            vendors.reload();
          }}
        />
        <ErrorLine error={vendors.error ?? action.error} />
        {created ? (
          <ShownOnce
            title={`Vendor ${created.vendorId} created`}
            items={[
              ['vendorId', created.vendorId],
              ['accessKey', created.accessKey],
              ['secretKey', created.secretKey],
            ]}
            onClose={() => setCreated(null)}
          />
        ) : null}
        <Table
          label="Vendors"
          testId="vendors"
          columns={columns}
          rows={vendors.data ?? []}
          rowKey={(v) => v.vendorId}
          onOpen={(v) => setOpen(open === v.vendorId ? null : v.vendorId)}
          selected={open ?? undefined}
          empty="No vendor yet: create one above."
        />
      </section>
      {open ? (
        <VendorPlaces vendorId={open} />
      ) : (
        <p class="muted">Choose a vendor to see its places and centers.</p>
      )}
    </>
  );
}

function NewVendor({ onCreated }: { onCreated: (vendor: SandboxVendor) => void }) {
  const { client } = useApi();
  const action = useAction();
  const [vendorId, setVendorId] = useState('');
  const [userIds, setUserIds] = useState('');
  const [contracts, setContracts] = useState<Contract[]>([]);
  const setContract = (i: number, change: Partial<Contract>) =>
    setContracts(contracts.map((c, j) => (j === i ? { ...c, ...change } : c)));

  return (
    <form
      aria-label="New vendor"
      onSubmit={async (e) => {
        e.preventDefault();
        const ids = userIds.split(/[\s,]+/).filter(Boolean);
        const body: NewVendorBody = {
          ...(vendorId ? { vendorId } : {}),
          ...(ids.length ? { userIds: ids } : {}),
          ...(contracts.length ? { contracts } : {}),
        };
        const vendor = await action.run(() => client.createVendor(body));
        if (vendor) {
          onCreated(vendor);
          setVendorId('');
          setUserIds('');
          setContracts([]);
        }
      }}
    >
      <div class="row">
        <Field label="Vendor id" hint="A + 8 digits; generated when empty">
          <input
            name="vendor-id"
            value={vendorId}
            pattern="A[0-9]{8}"
            placeholder="A00012345"
            onInput={(e) => setVendorId(e.currentTarget.value)}
          />
        </Field>
        <Field label="User ids" hint="WING logins, separated by commas">
          <input
            name="user-ids"
            value={userIds}
            placeholder="wing-user"
            onInput={(e) => setUserIds(e.currentTarget.value)}
          />
        </Field>
      </div>
      <fieldset>
        <legend>
          Return contracts{' '}
          {contracts.length === 0 ? <span class="muted">(none: any contract number is accepted)</span> : null}
        </legend>
        {contracts.map((c, i) => (
          <div class="row" key={i}>
            <Field label="Courier">
              <select
                value={c.deliverCode}
                onChange={(e) =>
                  setContract(i, { deliverCode: e.currentTarget.value as Contract['deliverCode'] })
                }
              >
                {COURIERS.map((code) => (
                  <option key={code}>{code}</option>
                ))}
              </select>
            </Field>
            <Field label="Contract number">
              <input
                required
                pattern="[0-9]{1,20}"
                value={c.contractNumber}
                onInput={(e) => setContract(i, { contractNumber: e.currentTarget.value })}
              />
            </Field>
            <Field label="Customer number" hint="EPOST">
              <input
                value={c.contractCustomerNumber ?? ''}
                onInput={(e) => {
                  const value = e.currentTarget.value;
                  const { contractCustomerNumber: _dropped, ...rest } = c;
                  setContracts(
                    contracts.map((x, j) =>
                      j === i ? (value ? { ...rest, contractCustomerNumber: value } : rest) : x,
                    ),
                  );
                }}
              />
            </Field>
            <label class="check">
              <input
                type="checkbox"
                checked={c.confirmed !== false}
                onChange={(e) => setContract(i, { confirmed: e.currentTarget.checked })}
              />
              Confirmed
            </label>
            <button
              type="button"
              class="small ghost"
              onClick={() => setContracts(contracts.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          class="small"
          onClick={() =>
            setContracts([...contracts, { deliverCode: 'CJGLS', contractNumber: '', confirmed: true }])
          }
        >
          Add a contract
        </button>
      </fieldset>
      <ErrorLine error={action.error} />
      <button type="submit" disabled={action.busy}>
        Create vendor
      </button>
    </form>
  );
}

function addressText(a: {
  addressType: string;
  returnZipCode: string;
  returnAddress: string;
  returnAddressDetail: string;
  companyContactNumber: string;
}) {
  return `${a.addressType} (${a.returnZipCode}) ${a.returnAddress} ${a.returnAddressDetail} · ☎ ${a.companyContactNumber}`;
}

function Addresses({ addresses }: { addresses: Parameters<typeof addressText>[0][] }) {
  return (
    <ul class="plain">
      {addresses.map((a, i) => (
        <li key={i}>{addressText(a)}</li>
      ))}
    </ul>
  );
}

const won = (n: number | null) => (n === null ? '—' : `₩${n.toLocaleString('ko-KR')}`);

function VendorPlaces({ vendorId }: { vendorId: string }) {
  const { client } = useApi();
  const places = usePoll(
    async (signal) => {
      const [outbound, centers] = await Promise.all([
        client.outboundPlaces(vendorId, { limit: 1000 }, { signal }),
        client.returnCenters(vendorId, { limit: 1000 }, { signal }),
      ]);
      return { outbound: outbound.content, centers: centers.content };
    },
    [vendorId],
  );

  const outboundColumns: Column<OutboundPlace>[] = [
    { key: 'code', label: 'Code', value: (p) => p.outboundShippingPlaceCode, numeric: true },
    { key: 'name', label: 'Name', value: (p) => p.shippingPlaceName },
    { key: 'addresses', label: 'Addresses', render: (p) => <Addresses addresses={p.placeAddresses} /> },
    {
      key: 'fees',
      label: 'Remote-area fees',
      render: (p) => (
        <ul class="plain">
          {p.remoteInfos.map((r) => (
            <li key={r.remoteInfoId} class={r.usable ? undefined : 'muted'}>
              {r.deliveryCode}: Jeju {won(r.jeju)}, elsewhere {won(r.notJeju)}
              {r.usable ? '' : ' (off)'}
            </li>
          ))}
        </ul>
      ),
    },
    {
      key: 'usable',
      label: 'Status',
      value: (p) => p.usable,
      render: (p) => <Pill tone={p.usable ? 'ok' : 'neutral'}>{p.usable ? 'usable' : 'not usable'}</Pill>,
    },
    { key: 'created', label: 'Created', value: (p) => p.createDate },
  ];

  const centerColumns: Column<ReturnCenter>[] = [
    {
      key: 'code',
      label: 'Code',
      value: (c) => c.returnCenterCode,
      render: (c) => <code>{c.returnCenterCode}</code>,
    },
    { key: 'name', label: 'Name', value: (c) => c.shippingPlaceName },
    {
      key: 'courier',
      label: 'Courier',
      value: (c) => c.deliverCode,
      render: (c) => `${c.deliverName} (${c.deliverCode})`,
    },
    {
      key: 'contract',
      label: 'Contract',
      value: (c) => c.goodsflowStatus,
      render: (c) => (
        <span title={c.errorMessage}>
          <Pill tone={c.goodsflowStatus === '승인' ? 'ok' : 'bad'}>{c.goodsflowStatus}</Pill>
          {c.errorMessage ? <small class="muted"> {c.errorMessage}</small> : null}
        </span>
      ),
    },
    { key: 'addresses', label: 'Addresses', render: (c) => <Addresses addresses={c.placeAddresses} /> },
    {
      key: 'fees',
      label: 'Return fees 5 / 10 / 20 kg',
      value: (c) => c.returnFee05kg,
      render: (c) => (
        <span
          title={`seller credit ${won(c.vendorCreditFee05kg)}/${won(c.vendorCreditFee10kg)}/${won(c.vendorCreditFee20kg)}; seller cash ${won(c.vendorCashFee05kg)}/${won(c.vendorCashFee10kg)}/${won(c.vendorCashFee20kg)}; buyer cash ${won(c.consumerCashFee05kg)}/${won(c.consumerCashFee10kg)}/${won(c.consumerCashFee20kg)}`}
        >
          {won(c.returnFee05kg)} / {won(c.returnFee10kg)} / {won(c.returnFee20kg)}
        </span>
      ),
    },
    {
      key: 'usable',
      label: 'Status',
      value: (c) => c.usable,
      render: (c) => <Pill tone={c.usable ? 'ok' : 'neutral'}>{c.usable ? 'usable' : 'not usable'}</Pill>,
    },
    {
      key: 'created',
      label: 'Created',
      value: (c) => c.createdAt,
      render: (c) => <Time at={new Date(c.createdAt)} />,
    },
  ];

  return (
    <>
      <ErrorLine error={places.error} />
      <section class="panel" aria-label={`Outbound places of ${vendorId}`}>
        <h2>
          Outbound places of <code>{vendorId}</code>
        </h2>
        <Table
          label="Outbound places"
          testId="outbound-places"
          columns={outboundColumns}
          rows={places.data?.outbound ?? []}
          rowKey={(p) => String(p.outboundShippingPlaceCode)}
          empty="None: the vendor creates them through the Coupang API."
        />
      </section>
      <section class="panel" aria-label={`Return centers of ${vendorId}`}>
        <h2>
          Return centers of <code>{vendorId}</code>
        </h2>
        <Table
          label="Return centers"
          testId="return-centers"
          columns={centerColumns}
          rows={places.data?.centers ?? []}
          rowKey={(c) => c.returnCenterCode}
          empty="None: the vendor creates them through the Coupang API."
        />
      </section>
    </>
  );
}
