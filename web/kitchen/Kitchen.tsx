import { KeyGate } from '../shared/KeyGate';
import { KitchenBoard } from './KitchenBoard';

export function Kitchen() {
  return (
    <KeyGate role="staff" refusal={null}>
      {(signOut) => <KitchenBoard signOut={signOut} />}
    </KeyGate>
  );
}
