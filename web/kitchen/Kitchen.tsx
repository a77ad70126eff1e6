import { ORDER_TRANSITIONS } from '../../libs/contracts/src/transitions';
import { KeyGate } from '../shared/KeyGate';

export function Kitchen() {
  return (
    <KeyGate role="staff" refusal={null}>
      {() => (
        <header className="page-header">
          <h1>Kitchen display</h1>
          <span>{Object.keys(ORDER_TRANSITIONS).length} statuses</span>
        </header>
      )}
    </KeyGate>
  );
}
