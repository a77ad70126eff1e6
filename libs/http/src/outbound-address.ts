import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** What may receive webhooks: https only, and public addresses only, unless the operator says otherwise. */
export interface OutboundPolicy {
  allowHttp: boolean;
  allowPrivateNetworks: boolean;
}

/**
 * Loopback, private, shared (CGNAT), link-local (cloud metadata at 169.254.169.254 and fd00:ec2::254
 * included), unspecified, multicast and reserved ranges, and IPv6 forms that embed an IPv4 address
 * (mapped, NAT64): a webhook must never reach the product's own network.
 */
const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv6');
}

/** IPv4-mapped IPv6 (`::ffff:a.b.c.d`): a BlockList subnet for it would match every IPv4 address, so it is told apart by its form. */
const MAPPED = /^(?:0{1,4}:){0,5}:?(?:0{1,4}:)*ffff:/i;

export const isPrivateAddress = (address: string): boolean => {
  const family = isIP(address);
  if (family === 6 && MAPPED.test(address)) return true;
  return family === 0 || PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
};

/** The URL's host without IPv6 brackets. */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[|\]$/g, '');

/** Why a webhook URL is refused before any DNS lookup (scheme, credentials, a private literal address), or undefined. */
export function urlProblem(raw: string, policy: OutboundPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url must be an absolute URL';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    return policy.allowHttp ? 'url must use https or http' : 'url must use https';
  }
  if (url.username || url.password) return 'url must not carry credentials; authenticate the request by its signature';
  const host = hostOf(url);
  if (
    !policy.allowPrivateNetworks &&
    (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isPrivateAddress(host)))
  ) {
    return 'url must not point at a loopback, private, link-local or metadata address';
  }
  return undefined;
}

/**
 * The addresses a host resolves to, refused if any is private (unless allowed): the one the
 * request then connects to is one of these, so a DNS answer cannot change between check and use.
 */
export async function resolvePublic(host: string, policy: OutboundPolicy): Promise<{ address: string; family: number }[]> {
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true, verbatim: true });
  const blocked = addresses.find((a) => isPrivateAddress(a.address));
  if (blocked && !policy.allowPrivateNetworks) {
    throw new PrivateAddressError(`${host} resolves to ${blocked.address}, a loopback, private, link-local or metadata address`);
  }
  return addresses;
}

export class PrivateAddressError extends Error {}
