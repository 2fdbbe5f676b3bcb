import { useState } from 'preact/hooks';

/**
 * The server has BAESONG_ADMIN_TOKEN: the console asks for it once, and shows nothing else
 * until the server accepts it.
 */
export function TokenPrompt({
  refused,
  onSubmit,
}: {
  refused: boolean;
  onSubmit: (token: string) => Promise<void>;
}) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="token center"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        await onSubmit(token);
        setBusy(false);
      }}
    >
      <h1>baesong console</h1>
      <p>This server asks for its admin token (BAESONG_ADMIN_TOKEN).</p>
      {refused ? (
        <p class="error" role="alert" data-testid="token-refused">
          The server refused that token. Check BAESONG_ADMIN_TOKEN and try again.
        </p>
      ) : null}
      <label class="field">
        <span>Admin token</span>
        <input
          type="password"
          name="token"
          autoComplete="current-password"
          required
          autoFocus
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
      </label>
      <button type="submit" disabled={busy || token === ''}>
        Open the console
      </button>
    </form>
  );
}
