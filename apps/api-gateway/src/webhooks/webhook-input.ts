import type { WebhookConfig } from '#config';
import { hostOf, ProblemException, PrivateAddressError, resolvePublic, urlProblem } from '#http';
import { assertBrandInScope } from '../auth/brand-scope.js';
import type { AuthenticatedCaller } from '../auth/caller.js';

/** A slow resolver does not hold the request: the dispatcher checks the address again on every attempt anyway. */
const DNS_WAIT_MS = 2_000;

/** A 400 naming `url` when it is not https (unless allowed), carries credentials, or is or resolves to a private address. */
export async function assertDeliverableUrl(url: string, config: WebhookConfig): Promise<void> {
  const refuse = (message: string) => {
    throw ProblemException.validation([{ field: 'url', message }]);
  };
  const problem = urlProblem(url, config);
  if (problem) refuse(problem);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      resolvePublic(hostOf(new URL(url)), config),
      new Promise((resolve) => (timer = setTimeout(resolve, DNS_WAIT_MS))),
    ]);
  } catch (error) {
    // A name that does not resolve yet may well tomorrow: only a private answer is refused.
    if (error instanceof PrivateAddressError) refuse(`url must not point at a private address: ${error.message}`);
  } finally {
    clearTimeout(timer);
  }
}

/** A brand-scoped key subscribes only to its own brands: naming another, or every brand (`[]`), is a 403. */
export function assertBrandsInScope(caller: AuthenticatedCaller, brandIds: string[] | undefined, emptyMeansEvery: boolean): void {
  if (!caller.brandIds || brandIds === undefined) return;
  if (brandIds.length === 0 && emptyMeansEvery) assertBrandInScope(caller, '(every brand)', 'brandIds');
  for (const brandId of brandIds) assertBrandInScope(caller, brandId, 'brandIds');
}

export const callerBrandsOf = (caller: AuthenticatedCaller): { callerBrands?: string[] } =>
  caller.brandIds ? { callerBrands: [...caller.brandIds] } : {};
