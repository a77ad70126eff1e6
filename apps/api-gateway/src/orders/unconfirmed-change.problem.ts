import { ProblemException } from '#http';

export const CHANGE_UNCONFIRMED = 'change-unconfirmed';

/** A change the broker holds but the orders service did not confirm in time: it may still apply. */
export const unconfirmedChange = (title: string, detail: string) =>
  new ProblemException({ status: 503, type: CHANGE_UNCONFIRMED, title, detail, headers: { 'Retry-After': '1' } });
