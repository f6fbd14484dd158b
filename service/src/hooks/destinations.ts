import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** The resolver's answer for a host name: every address it gave. Injected so tests send no packet. */
export type ResolveHost = (hostname: string) => Promise<string[]>;

export const systemResolver: ResolveHost = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((answer) => answer.address);

/** Why a destination is refused: said in the 400's `errors.destination`, and logged at delivery. */
export class DestinationRefused extends Error {}

/** Where a delivery may go: the URL and the one address, checked, that the connection must use. */
export interface VettedDestination {
  url: URL;
  /** The address to connect to: the first the resolver gave, all of them having been checked. */
  address: string;
}

export interface DestinationPolicyOptions {
  /** `HOOKS_ALLOW_LOOPBACK=true`: loopback receivers (http or https) are allowed, and nothing else new. */
  allowLoopback: boolean;
  resolve?: ResolveHost;
}

/**
 * Which destinations a hook may have, checked at creation (and update) and again before every
 * delivery, since a name's addresses can change in between. A request of ours must never reach
 * the network the service runs in: any address that is not public unicast is refused (private,
 * loopback, link-local, which holds the instance metadata address 169.254.169.254, unique local,
 * which holds EC2's fd00:ec2::254, carrier-grade NAT, multicast, reserved, and IPv6 forms that
 * embed an IPv4 address). `ipaddr.js` classifies the addresses: its `range()` names each of
 * these blocks, which a list of our own would have to keep up with.
 */
export class DestinationPolicy {
  private readonly resolve: ResolveHost;

  constructor(private readonly options: DestinationPolicyOptions) {
    this.resolve = options.resolve ?? systemResolver;
  }

  get allowLoopback(): boolean {
    return this.options.allowLoopback;
  }

  /** Checks a destination, resolving its host; throws `DestinationRefused` saying why. */
  async vet(destination: string): Promise<VettedDestination> {
    let url: URL;
    try {
      url = new URL(destination);
    } catch {
      throw new DestinationRefused('is not an absolute URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new DestinationRefused('must be an https:// URL');
    if (url.username || url.password) throw new DestinationRefused('must not carry a user name or password');
    if (url.hash) throw new DestinationRefused('must not have a #fragment');
    const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const addresses = isIP(hostname) ? [hostname] : await this.addressesOf(hostname);
    if (addresses.length === 0) throw new DestinationRefused(`host ${hostname} has no address`);
    const ranges = addresses.map((address) => ({ address, range: rangeOf(address) }));
    const allLoopback = ranges.every(({ range }) => range === 'loopback');
    if (url.protocol === 'http:' && !(this.options.allowLoopback && allLoopback)) {
      throw new DestinationRefused('must be an https:// URL');
    }
    for (const { address, range } of ranges) {
      if (range === 'unicast') continue;
      if (range === 'loopback' && this.options.allowLoopback) continue;
      throw new DestinationRefused(`resolves to ${address}, a ${range} address: only public addresses are allowed`);
    }
    return { url, address: addresses[0] as string };
  }

  private async addressesOf(hostname: string): Promise<string[]> {
    try {
      return await this.resolve(hostname);
    } catch {
      throw new DestinationRefused(`host ${hostname} does not resolve`);
    }
  }
}

/** An address's block, IPv4 forms inside IPv6 (`::ffff:10.0.0.1`) judged as the IPv4 address they carry. */
function rangeOf(address: string): string {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return 'unparseable';
  }
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range();
}
