import { describe, expect, it } from "vitest";
import { clientAddress, normalizeAddress, parseTrustedProxies } from "./client-address";

describe("client address", () => {
  const none = parseTrustedProxies(undefined);
  const proxies = parseTrustedProxies("10.0.0.0/8, 192.168.1.5 ,fd00::/8");

  it("is the socket peer when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    expect(clientAddress("203.0.113.9", "1.2.3.4", none)).toBe("203.0.113.9");
    expect(clientAddress("::ffff:203.0.113.9", "1.2.3.4, 5.6.7.8", none)).toBe("203.0.113.9");
    expect(clientAddress(undefined, "1.2.3.4", none)).toBe("unknown");
  });

  it("ignores X-Forwarded-For from a peer that is not a listed proxy", () => {
    expect(clientAddress("203.0.113.9", "1.2.3.4", proxies)).toBe("203.0.113.9");
  });

  it("takes the hop a trusted proxy appended, walking past further trusted proxies only", () => {
    expect(clientAddress("10.1.2.3", "198.51.100.7", proxies)).toBe("198.51.100.7");
    // the client prepended a claim of its own: the proxy appended the real peer at the right
    expect(clientAddress("10.1.2.3", "1.1.1.1, 198.51.100.7", proxies)).toBe("198.51.100.7");
    // two proxies in a row (edge 192.168.1.5 → internal 10.x)
    expect(clientAddress("::ffff:10.1.2.3", "6.6.6.6, 198.51.100.7, 192.168.1.5", proxies)).toBe("198.51.100.7");
    expect(clientAddress("fd00::1", "2001:db8::5", proxies)).toBe("2001:db8::5");
    // a header spread over several lines
    expect(clientAddress("10.1.2.3", ["1.1.1.1", "198.51.100.7"], proxies)).toBe("198.51.100.7");
  });

  it("stops at the last trusted hop when the next entry is not an address", () => {
    expect(clientAddress("10.1.2.3", "198.51.100.7, garbage", proxies)).toBe("10.1.2.3");
    expect(clientAddress("10.1.2.3", "", proxies)).toBe("10.1.2.3");
    expect(clientAddress("10.1.2.3", "x".repeat(100_000), proxies)).toBe("10.1.2.3");
    // every hop trusted: the leftmost one is what we know
    expect(clientAddress("10.1.2.3", "10.9.9.9", proxies)).toBe("10.9.9.9");
  });

  it("refuses a configuration entry that is not an address or range", () => {
    for (const bad of ["10.0.0.0/33", "proxy.internal", "10.0.0.1/8/2", "fd00::/129", "10.0.0.0/x"])
      expect(() => parseTrustedProxies(bad), bad).toThrow(/GATEHOUSE_TRUSTED_PROXIES/);
    expect(parseTrustedProxies(" , ").has("127.0.0.1")).toBe(false);
  });

  it("normalises IPv4-mapped IPv6", () => {
    expect(normalizeAddress("::FFFF:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeAddress("::1")).toBe("::1");
  });
});
