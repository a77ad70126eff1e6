import { type FormEvent, type ReactNode, useState } from 'react';
import { forgetKey, storedKey, storeKey } from './session-key';

interface Props {
  /** The role the page needs, named in the prompt. */
  role: string;
  /** Shown above the form when the last key was refused. */
  refusal: string | null;
  children: (signOut: (reason?: string) => void) => ReactNode;
}

/** Asks for the key once per tab, then renders the page; the page signs out when the key is refused. */
export function KeyGate({ role, refusal, children }: Props) {
  const [key, setKey] = useState(storedKey());
  const [reason, setReason] = useState<string | null>(refusal);
  const [draft, setDraft] = useState('');

  const signOut = (why?: string) => {
    forgetKey();
    setReason(why ?? null);
    setKey(null);
  };

  if (key) return <>{children(signOut)}</>;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = draft.trim();
    if (!value) return;
    storeKey(value);
    setDraft('');
    setReason(null);
    setKey(value);
  };

  return (
    <form className="key-gate" onSubmit={submit} aria-labelledby="key-gate-title">
      <h1 id="key-gate-title">Sign in</h1>
      {reason && (
        <p className="notice notice-error" role="alert">
          {reason}
        </p>
      )}
      <label htmlFor="api-key">API key ({role})</label>
      <input
        id="api-key"
        name="api-key"
        type="password"
        autoComplete="off"
        autoFocus
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
      />
      <button type="submit">Continue</button>
      <p className="hint">The key is kept in this browser tab only, until it is closed.</p>
    </form>
  );
}
