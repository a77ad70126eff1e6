// The result table, one row printed as each fault is done (so a CI log shows progress).
const COLUMNS = [
  ['fault', 'fault', 32],
  ['acknowledged', 'acked', 6],
  ['stored', 'stored', 6],
  ['lost', 'lost', 4],
  ['lostChanges', 'lost chg', 8],
  ['duplicates', 'dup orders', 10],
  ['missing', 'ev missing', 10],
  ['duplicated', 'ev dup', 6],
  ['gaps', 'seq gaps', 8],
  ['drift', 'drift', 5],
  ['money', 'money ✗', 7],
  ['appliedAfter5xx', '5xx done', 8],
  ['webhookMissing', 'wh missing', 10],
  ['webhookOrder', 'wh order ✗', 10],
  ['healthy', 'healthy s', 9],
  ['drained', 'drain s', 7],
  ['crashes', 'crashes', 7],
  ['p99', 'p99 ms', 6],
];

const cell = (value, width) => {
  const text =
    value === null || value === undefined
      ? '—'
      : typeof value === 'number' && !Number.isInteger(value)
        ? value.toFixed(1)
        : String(value);
  return width === 32 ? text.padEnd(width) : text.padStart(width);
};

export class Table {
  header() {
    console.log(`\n   ${COLUMNS.map(([, title, w]) => cell(title, w)).join(' ')}`);
    console.log(`   ${COLUMNS.map(([, , w]) => '-'.repeat(w)).join(' ')}`);
  }

  row(row, ok) {
    console.log(`${ok ? '✓' : '✗'}  ${COLUMNS.map(([key, , w]) => cell(row[key], w)).join(' ')}`);
    for (const note of row.notes) console.log(`     ${note}`);
  }

  footer() {
    console.log('');
  }
}
