interface Props {
  tone: 'error' | 'warning' | 'info';
  children: React.ReactNode;
}

/** A message that says what went wrong and what happens next; errors are announced to screen readers. */
export function Notice({ tone, children }: Props) {
  return (
    <p className={`notice notice-${tone}`} role={tone === 'info' ? 'status' : 'alert'}>
      {children}
    </p>
  );
}
