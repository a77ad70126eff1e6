import { useState } from 'react';
import type { CustomerLifetime } from '../../libs/contracts/src/analytics';
import { CsvButton } from './CsvButton';
import { amount, count, utcDateTime } from './format';
import { API_ORDER, nextSort, type Sort, type SortKey, sortCustomers } from './sort';

const COLUMNS: { key: SortKey; header: string; numeric?: boolean; format: (c: CustomerLifetime) => string }[] = [
  { key: 'customerId', header: 'Customer', format: (c) => c.customerId },
  { key: 'orders', header: 'Orders', numeric: true, format: (c) => count(c.orders) },
  { key: 'totalAmount', header: 'Total amount', numeric: true, format: (c) => amount(c.totalAmount) },
  { key: 'firstOrderAt', header: 'First order (UTC)', format: (c) => utcDateTime(c.firstOrderAt) },
  { key: 'lastOrderAt', header: 'Last order (UTC)', format: (c) => utcDateTime(c.lastOrderAt) },
];
export const LIMITS = [10, 25, 100] as const;

interface Props {
  customers: CustomerLifetime[];
  limit: number;
  onLimit: (limit: number) => void;
  /** The request of these customers, offered as a CSV download. */
  csvPath?: string;
}

export function CustomersTable({ customers, limit, onLimit, csvPath }: Props) {
  // null: as the API ranked them (its tie order is kept exactly), which is by orders, descending.
  const [chosen, setChosen] = useState<Sort | null>(null);
  const sort = chosen ?? API_ORDER;
  const rows = chosen ? sortCustomers(customers, chosen) : customers;
  return (
    <section className="panel customers" aria-labelledby="customers-title" data-panel="customers">
      <div className="panel-heading">
        <h2 id="customers-title">Top customers</h2>
        <div className="field inline">
          <label htmlFor="customers-limit">Show top</label>
          <select id="customers-limit" value={limit} onChange={(e) => onLimit(Number(e.target.value))}>
            {LIMITS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="hint">
        By lifetime orders, across every brand this key may see (not limited to the range or brand). Choose a column heading to
        sort.
      </p>
      <div className="table-scroll tall">
        <table className="data-table">
          <caption className="visually-hidden">
            Top customers, sorted by {COLUMNS.find((c) => c.key === sort.key)?.header}
          </caption>
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  className={c.numeric ? 'numeric' : undefined}
                  aria-sort={sort.key === c.key ? sort.direction : undefined}
                >
                  <button type="button" className="sort" onClick={() => setChosen(nextSort(sort, c.key))}>
                    {c.header}
                    <span aria-hidden="true">{sort.key === c.key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}</span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.customerId}>
                {COLUMNS.map((c) => (
                  <td
                    key={c.key}
                    data-key={c.key}
                    data-value={JSON.stringify(row[c.key])}
                    className={c.numeric ? 'numeric' : undefined}
                  >
                    {c.format(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p className="hint">No customers yet.</p>}
      </div>
      {csvPath && <CsvButton path={csvPath} filename="customers.csv" />}
    </section>
  );
}
