// Who is calling, as far as a caller cannot choose it: the TCP peer's address, or — only when that
// peer is a proxy listed in GATEHOUSE_TRUSTED_PROXIES — the address that proxy says it got the
// request from. Rate limits and sign-in throttling are keyed on this; an X-Forwarded-For sent by
// anyone else is ignored (otherwise every request could claim a fresh address).
import { BlockList, isIP } from "node:net";
import { env } from "@/lib/env";

/** The header server.ts sets on every request it hands to Next (any incoming value is replaced). */
export const CLIENT_ADDRESS_HEADER = "x-gatehouse-client-address";

export interface TrustedProxies {
  has(address: string): boolean;
}

/** IPv4-mapped IPv6 (::ffff:10.0.0.1, how dual-stack sockets report IPv4 peers) → 10.0.0.1. */
export function normalizeAddress(address: string): string {
  const a = address.trim();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(a);
  return (mapped ? mapped[1] : a).toLowerCase();
}

/**
 * Parses the configured list: comma-separated addresses or CIDR ranges, IPv4 or IPv6
 * (`10.0.0.0/8, 192.168.1.5, fd00::/8`). Throws on an entry that is neither, so a typo is a
 * start-up error rather than a silently untrusted (or trusted) proxy.
 */
export function parseTrustedProxies(list: string | undefined): TrustedProxies {
  const block = new BlockList();
  let any = false;
  for (const raw of (list ?? "").split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    const [addr, bits, ...rest] = entry.split("/");
    const family = isIP(normalizeAddress(addr));
    const prefix = bits === undefined ? undefined : Number(bits);
    if (!family || rest.length || (prefix !== undefined && (!/^\d{1,3}$/.test(bits) || prefix > (family === 4 ? 32 : 128))))
      throw new Error(`GATEHOUSE_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) block.addAddress(normalizeAddress(addr), type);
    else block.addSubnet(normalizeAddress(addr), prefix, type);
    any = true;
  }
  return {
    has(address: string) {
      if (!any) return false;
      const a = normalizeAddress(address);
      const family = isIP(a);
      return family !== 0 && block.check(a, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

/**
 * The client address of a request: the socket peer, unless it is a trusted proxy; then the
 * X-Forwarded-For entries are walked from the right (the entry the trusted proxy appended) past
 * further trusted proxies to the first address that is not one. Entries left of that are the
 * client's own claims and are never used. A malformed entry where an address is needed ends the
 * walk at the last trusted hop (its address is what we know).
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trusted: TrustedProxies): string {
  let current = socketAddress ? normalizeAddress(socketAddress) : "unknown";
  if (!trusted.has(current) || !forwardedFor) return current;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor).split(",");
  // bounded: a header is at most a few KiB, and each hop is looked at once
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeAddress(hops[i]);
    if (!isIP(hop)) return current;
    current = hop;
    if (!trusted.has(hop)) return current;
  }
  return current;
}

let cached: { list: string | undefined; parsed: TrustedProxies } | undefined;

/** GATEHOUSE_TRUSTED_PROXIES, parsed once per value. */
export function configuredTrustedProxies(): TrustedProxies {
  const list = env().GATEHOUSE_TRUSTED_PROXIES;
  if (!cached || cached.list !== list) cached = { list, parsed: parseTrustedProxies(list) };
  return cached.parsed;
}
