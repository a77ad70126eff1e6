/**
 * How long a batch waits for more commands after its first: long enough to gather what one read
 * from the broker delivers, short enough to add nothing a client would notice.
 */
export const BATCH_WINDOW_MS = 2;
