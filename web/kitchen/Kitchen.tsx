import { ErrorBoundary } from '../shared/ErrorBoundary';
import { KeyGate } from '../shared/KeyGate';
import { KitchenBoard } from './KitchenBoard';

export function Kitchen() {
  return (
    <ErrorBoundary>
      <KeyGate role="staff" refusal={null}>
        {(signOut) => <KitchenBoard signOut={signOut} />}
      </KeyGate>
    </ErrorBoundary>
  );
}
