/**
 * The Coupang signer of the `/docs` page (src/http/docs-page.ts serves it there): a small form for
 * a vendor's access and secret key, kept in this tab's sessionStorage only, and the function the
 * page's request interceptor calls, which signs each `/v2/providers/…` request with those keys as
 * a real client would: HMAC-SHA256 over the signed date, method, path and query, the date read
 * from the sandbox clock (the vendor's own when it has one), so that a moved clock is followed.
 */

const STORAGE_KEY = 'baesong.docs.coupangKeys';

interface Keys {
  accessKey: string;
  secretKey: string;
  /** Whose clock to sign by, when the sandbox clock gives the vendor one of its own. */
  vendorId: string;
}

interface SwaggerRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
}

function storedKeys(): Keys | null {
  try {
    const keys = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Keys | null;
    return keys?.accessKey && keys.secretKey ? keys : null;
  } catch {
    return null;
  }
}

/** `yyMMdd'T'HHmmss'Z'` in UTC, Coupang's signed-date. */
function signedDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/^\d\d(\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d).*$/, '$1$2$3T$4$5$6Z');
}

/** The sandbox's now for the vendor; the browser's when the clock cannot be read (an admin token guards it). */
async function sandboxNow(vendorId: string): Promise<number> {
  try {
    const query = vendorId ? `?vendor=${encodeURIComponent(vendorId)}` : '';
    const res = await fetch(`/sandbox/clock${query}`);
    if (res.ok) return Date.parse(((await res.json()) as { now: string }).now);
  } catch {
    // The browser's time, below.
  }
  return Date.now();
}

async function hmacHex(secret: string, message: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
  return Array.from(signature, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

async function signRequest(request: SwaggerRequest): Promise<SwaggerRequest> {
  const url = new URL(request.url, location.href);
  const keys = storedKeys();
  if (!url.pathname.startsWith('/v2/providers/') || keys === null) return request;
  const date = signedDate(await sandboxNow(keys.vendorId));
  const message = `${date}${request.method.toUpperCase()}${url.pathname}${url.search.slice(1)}`;
  const signature = await hmacHex(keys.secretKey, message);
  request.headers.Authorization = `CEA algorithm=HmacSHA256, access-key=${keys.accessKey}, signed-date=${date}, signature=${signature}`;
  return request;
}

function field(label: string, name: keyof Keys, type = 'text'): HTMLLabelElement {
  const wrapper = document.createElement('label');
  wrapper.textContent = `${label} `;
  const input = document.createElement('input');
  input.name = name;
  input.type = type;
  input.autocomplete = 'off';
  input.value = storedKeys()?.[name] ?? '';
  input.style.cssText = 'width: 16em; margin-right: 1em; font-family: monospace';
  wrapper.append(input);
  return wrapper;
}

function showForm(): void {
  const form = document.createElement('form');
  form.id = 'coupang-signer';
  form.style.cssText =
    'padding: 10px 20px; background: #f3f8f3; border-bottom: 1px solid #cfe0cf; font: 14px system-ui, sans-serif';
  const title = document.createElement('strong');
  title.textContent = 'Coupang signer ';
  const note = document.createElement('span');
  note.style.cssText = 'color: #555';
  const save = document.createElement('button');
  save.type = 'submit';
  save.textContent = 'Sign with these keys';
  const forget = document.createElement('button');
  forget.type = 'button';
  forget.textContent = 'Forget';
  forget.style.marginLeft = '0.5em';
  const describe = () => {
    const keys = storedKeys();
    note.textContent = keys
      ? ` Signing /v2/providers/… requests as ${keys.accessKey} (kept in this tab only).`
      : ' Keys from POST /sandbox/vendors; kept in this tab only.';
  };
  form.append(
    title,
    field('vendorId', 'vendorId'),
    field('access key', 'accessKey'),
    field('secret key', 'secretKey', 'password'),
    save,
    forget,
    note,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const keys: Keys = {
      vendorId: String(data.get('vendorId') ?? '').trim(),
      accessKey: String(data.get('accessKey') ?? '').trim(),
      secretKey: String(data.get('secretKey') ?? '').trim(),
    };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(keys));
    describe();
  });
  forget.addEventListener('click', () => {
    sessionStorage.removeItem(STORAGE_KEY);
    form.reset();
    for (const input of form.querySelectorAll('input')) input.value = '';
    describe();
  });
  describe();
  document.body.prepend(form);
}

(window as unknown as { baesongSignRequest: typeof signRequest }).baesongSignRequest = signRequest;
showForm();
