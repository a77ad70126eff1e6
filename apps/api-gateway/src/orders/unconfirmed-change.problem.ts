import { ProblemException, ProblemTypes } from '#http';

/** A change the broker holds but the orders service did not confirm in time: it may still apply. */
export const unconfirmedChange = (title: string, detail: string) =>
  new ProblemException({ status: 503, type: ProblemTypes.changeUnconfirmed, title, detail, headers: { 'Retry-After': '1' } });
