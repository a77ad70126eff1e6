import { useEffect, useState } from 'react';

interface Props {
  label: string;
  /** The name a screen reader reads, when the label alone does not say what it acts on. */
  accessibleName?: string;
  /** The status the button moves to, for styling and for tests. */
  to: string;
  confirm: boolean;
  disabled: boolean;
  small?: boolean;
  onPress(): Promise<void>;
}

const ARMED_MS = 4000;

/** A transition button; one that cannot be undone asks for a second press within a few seconds. */
export function ActionButton({ label, accessibleName, to, confirm, disabled, small, onPress }: Props) {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return;
    const timer = window.setTimeout(() => setArmed(false), ARMED_MS);
    return () => window.clearTimeout(timer);
  }, [armed]);

  const press = () => {
    if (confirm && !armed) return setArmed(true);
    setArmed(false);
    void onPress();
  };
  const text = armed ? `Confirm: ${label}?` : label;
  const name = armed ? `Confirm: ${accessibleName ?? label}?` : accessibleName;
  return (
    <button
      type="button"
      className={`action${confirm ? ' action-danger' : ''}${armed ? ' action-armed' : ''}${small ? ' action-small' : ''}`}
      data-to={to}
      aria-label={name}
      disabled={disabled}
      onClick={press}
    >
      {text}
    </button>
  );
}
