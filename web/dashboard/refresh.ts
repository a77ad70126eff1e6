/** How often open figures refresh, and how soon after a failure the page tries again. */
export const REFRESH_MS = 15_000;
export const RETRY_MS = 5_000;
