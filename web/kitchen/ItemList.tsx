import type { OrderItemView } from '../../libs/contracts/src/order.view';
import type { ItemStatus } from '../../libs/contracts/src/statuses';
import { ITEM_TRANSITIONS } from '../../libs/contracts/src/transitions';
import { ActionButton } from './ActionButton';
import { ITEM_ACTION_LABEL, ITEM_STATUS_LABEL, needsConfirmation } from './board-model';

interface Props {
  items: OrderItemView[];
  /** Items of a finished order cannot change. */
  actionable: boolean;
  busy: boolean;
  onMove(plu: string, to: ItemStatus): Promise<void>;
}

export function ItemList({ items, actionable, busy, onMove }: Props) {
  return (
    <ul className="items">
      {items.map((item) => (
        <li key={item.plu} className={`item item-${item.status.toLowerCase()}`} data-plu={item.plu}>
          <div className="item-line">
            <span className="item-name">
              <strong>{item.quantity}×</strong> {item.name}
            </span>
            <span className="item-status" data-status={item.status}>
              {ITEM_STATUS_LABEL[item.status]}
            </span>
          </div>
          {actionable && ITEM_TRANSITIONS[item.status].length > 0 && (
            <div className="item-actions">
              {ITEM_TRANSITIONS[item.status].map((to) => (
                <ActionButton
                  key={to}
                  small
                  to={to}
                  label={ITEM_ACTION_LABEL[to]}
                  accessibleName={`${ITEM_ACTION_LABEL[to]} ${item.quantity}× ${item.name}${to === 'CANCELLED' ? ' (out of stock)' : ''}`}
                  confirm={needsConfirmation(to)}
                  disabled={busy}
                  onPress={() => onMove(item.plu, to)}
                />
              ))}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
