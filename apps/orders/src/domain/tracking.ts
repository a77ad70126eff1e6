/**
 * A tracking link works while its order is open and for `ttlMs` after the order reached its
 * terminal status; then it answers as an unknown link would.
 */
export function trackingLinkOpen(terminalSince: Date | null, now: Date, ttlMs: number): boolean {
  return terminalSince === null || now.getTime() - terminalSince.getTime() <= ttlMs;
}
