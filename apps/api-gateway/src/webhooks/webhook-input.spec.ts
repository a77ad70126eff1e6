import { ProblemException } from '#http';
import type { AuthenticatedCaller } from '../auth/caller.js';
import { assertBrandsInScope, assertDeliverableUrl, callerBrandsOf } from './webhook-input.js';

const strict = { allowHttp: false, allowPrivateNetworks: false } as Parameters<typeof assertDeliverableUrl>[1];
const scoped: AuthenticatedCaller = { role: 'admin', actor: 'admin:1', brandIds: ['a', 'b'] };
const unscoped: AuthenticatedCaller = { role: 'admin', actor: 'admin:2' };

const problemOf = async (work: () => unknown) => {
  try {
    await work();
  } catch (error) {
    return (error as ProblemException).toDocument();
  }
  return undefined;
};

describe('webhook input', () => {
  it('refuses an http or private url with a 400 naming url, after resolving names', async () => {
    for (const url of ['http://hooks.example.com/x', 'https://10.0.0.1/x', 'https://localhost/x']) {
      expect(await problemOf(() => assertDeliverableUrl(url, strict))).toMatchObject({ status: 400, errors: [{ field: 'url' }] });
    }
  });

  it('lets through a name that does not resolve: the dispatcher checks it again on every attempt', async () => {
    expect(await problemOf(() => assertDeliverableUrl('https://no-such-host.invalid/x', strict))).toBeUndefined();
  });

  it('keeps a brand-scoped key to its brands: another brand, or every brand where [] means that, is a 403', async () => {
    expect(await problemOf(() => assertBrandsInScope(scoped, ['a'], true))).toBeUndefined();
    expect(await problemOf(() => assertBrandsInScope(scoped, ['a', 'c'], false))).toMatchObject({ status: 403 });
    expect(await problemOf(() => assertBrandsInScope(scoped, [], true))).toMatchObject({ status: 403 });
    expect(await problemOf(() => assertBrandsInScope(unscoped, [], true))).toBeUndefined();
    expect(callerBrandsOf(scoped)).toEqual({ callerBrands: ['a', 'b'] });
    expect(callerBrandsOf(unscoped)).toEqual({});
  });
});
