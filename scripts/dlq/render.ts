import Table from 'cli-table3';
import type { DeadLetter } from './dead-letter.js';
import type { Listing, ReplayOutcome } from './dead-letter-queues.js';

const SHORT_ID = 8;
const REASON_WIDTH = 60;

export function renderListing(listing: Listing, queues: string[]): string {
  const lines: string[] = [];
  for (const dlq of queues) {
    if (listing.missingQueues.includes(dlq)) {
      lines.push(`${dlq}: not declared (its service has not started on this broker, or runs without webhooks)`);
      continue;
    }
    const letters = listing.letters.filter((l) => l.queue === dlq);
    lines.push(`${dlq}: ${count(letters.length)}`);
    // Refunds show their own reason beside the failure's, in a column only a queue holding one needs.
    const refunds = letters.some((l) => l.refundReason !== null);
    const head = ['ID', 'TYPE', 'ORDER', 'CLASS', 'ATTEMPTS', 'AGE', ...(refunds ? ['REFUND REASON'] : []), 'REASON'];
    if (letters.length)
      lines.push(
        table(
          head,
          letters.map((l) => row(l, refunds)),
        ),
        '',
      );
  }
  if (listing.notShown) lines.push(`${count(listing.notShown)} more not shown: raise --limit`);
  return lines.join('\n').trimEnd();
}

export function renderReplay(outcome: ReplayOutcome): string {
  const lines = [`Replayed ${count(outcome.replayed.length)}`];
  if (outcome.replayed.length) {
    lines.push(
      table(
        ['ID', 'TYPE', 'ORDER', 'FROM', 'TO'],
        outcome.replayed.map((l) => [l.id.slice(0, SHORT_ID), l.type ?? '-', l.orderId ?? '-', l.queue, l.target]),
      ),
    );
  }
  if (outcome.notFound.length) lines.push(`Not in any dead-letter queue: ${outcome.notFound.join(', ')}`);
  for (const f of outcome.failed) lines.push(`Not replayed, still in its dead-letter queue: ${f.id} (${f.error})`);
  return lines.join('\n');
}

function row(l: DeadLetter, refunds: boolean): string[] {
  const reason = l.reason ?? '-';
  return [
    l.id.slice(0, SHORT_ID),
    l.type ?? '-',
    l.orderId ?? '-',
    l.failureClass ?? '-',
    String(l.attempts) + (l.replays ? ` (replayed ${l.replays}x)` : ''),
    l.ageSeconds === null ? '-' : age(l.ageSeconds),
    ...(refunds ? [clip(l.refundReason ?? '-')] : []),
    reason.length > REASON_WIDTH ? `${reason.slice(0, REASON_WIDTH - 1)}…` : reason,
  ];
}

const clip = (text: string) => (text.length > REASON_WIDTH ? `${text.slice(0, REASON_WIDTH - 1)}…` : text);

/** Columns only, no borders: easy to read, to grep and to paste. */
function table(head: string[], rows: string[][]): string {
  const t = new Table({
    head,
    chars: Object.fromEntries(BORDER_PARTS.map((part) => [part, ''])),
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 2 },
  });
  t.push(...rows);
  return t
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

const BORDER_PARTS = [
  'top',
  'top-mid',
  'top-left',
  'top-right',
  'bottom',
  'bottom-mid',
  'bottom-left',
  'bottom-right',
  'left',
  'left-mid',
  'mid',
  'mid-mid',
  'right',
  'right-mid',
  'middle',
];

const count = (n: number) => (n === 1 ? '1 message' : `${n} messages`);

export function age(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d${String(hours % 24).padStart(2, '0')}h`;
}
