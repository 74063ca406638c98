/**
 * Which webhook targets the server refuses (issue 13): an alert webhook makes the server POST to a
 * URL a token chose, so loopback, link-local (cloud metadata), private-range, unspecified and other
 * non-public addresses, and names that stand for them, are refused unless an admin allows one.
 * Names are judged as written, not resolved: a public name that resolves to a private address is not
 * caught here.
 */
import { BlockList, isIP } from 'node:net';

/** The longest webhook URL accepted. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** Address ranges that are not the public internet, with what each is. */
const RANGES: readonly [address: string, prefix: number, type: 'ipv4' | 'ipv6', what: string][] = [
  ['0.0.0.0', 8, 'ipv4', "'this network' (0.0.0.0/8)"],
  ['10.0.0.0', 8, 'ipv4', 'a private address (10.0.0.0/8)'],
  ['100.64.0.0', 10, 'ipv4', 'a carrier-grade NAT address (100.64.0.0/10)'],
  ['127.0.0.0', 8, 'ipv4', 'a loopback address (127.0.0.0/8)'],
  ['169.254.0.0', 16, 'ipv4', 'a link-local address (169.254.0.0/16, cloud metadata among them)'],
  ['172.16.0.0', 12, 'ipv4', 'a private address (172.16.0.0/12)'],
  ['192.0.0.0', 24, 'ipv4', 'an IETF protocol address (192.0.0.0/24)'],
  ['192.168.0.0', 16, 'ipv4', 'a private address (192.168.0.0/16)'],
  ['198.18.0.0', 15, 'ipv4', 'a benchmarking address (198.18.0.0/15)'],
  ['224.0.0.0', 4, 'ipv4', 'a multicast address (224.0.0.0/4)'],
  ['240.0.0.0', 4, 'ipv4', 'a reserved address (240.0.0.0/4)'],
  ['::', 128, 'ipv6', 'the unspecified address (::)'],
  ['::1', 128, 'ipv6', 'the loopback address (::1)'],
  ['fc00::', 7, 'ipv6', 'a unique local address (fc00::/7)'],
  ['fe80::', 10, 'ipv6', 'a link-local address (fe80::/10)'],
  ['ff00::', 8, 'ipv6', 'a multicast address (ff00::/8)'],
];

/** Name suffixes that stand for this machine or a private network. */
const PRIVATE_NAMES = ['localhost', 'local', 'internal', 'localdomain', 'home.arpa', 'lan', 'intranet'];

const blockLists = RANGES.map(([address, prefix, type, what]) => {
  const list = new BlockList();
  list.addSubnet(address, prefix, type);
  return { list, what };
});

/**
 * Why a webhook URL's host is not a public target, or undefined when it is one. IPv4 in any spelling
 * (`2130706433`, `0x7f000001`, `127.1`) and IPv4-mapped IPv6 are judged by the address they mean.
 *
 * @example privateTargetOf(new URL('http://169.254.169.254/')) // 'a link-local address (169.254.0.0/16, cloud metadata among them)'
 */
export function privateTargetOf(url: URL): string | undefined {
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  const family = isIP(host);
  if (family !== 0) {
    const type = family === 6 ? 'ipv6' : 'ipv4';
    return blockLists.find(({ list }) => list.check(host, type))?.what;
  }
  const suffix = PRIVATE_NAMES.find((name) => host === name || host.endsWith(`.${name}`));
  if (suffix !== undefined)
    return `a name under '${suffix}', which stands for this machine or a private network`;
  return host.includes('.')
    ? undefined
    : `a single-label name ('${host}'), which resolves inside the local network`;
}
