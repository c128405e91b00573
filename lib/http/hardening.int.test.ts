// Issue 16 (HTTP half): request targets no router can handle get a 400 on both adapters, and the
// rate limit is keyed on what a caller cannot choose — bypasses tried one by one over real HTTP.
import http from "node:http";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { clearProcessSingleton } from "@/lib/util/global";
import { securityFixture, type SecurityFixture } from "@/lib/security/fixtures";
import { GET as nextApi } from "@/app/api/[...path]/route";
import { DEFAULT_RATE_LIMIT } from "./api";
import { CLIENT_ADDRESS_HEADER } from "./client-address";

/** A raw request (the path is sent byte for byte); fails instead of hanging when nothing answers. */
function raw(base: string, method: string, path: string, headers: Record<string, string> = {}) {
  const u = new URL(base);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method, path, headers, timeout: 5000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("timeout", () => req.destroy(new Error(`no answer to ${method} ${path} within 5 s`)));
    req.on("error", reject);
    req.end();
  });
}

const MALFORMED = ["/api/v1/approvals/%E0%A4%A", "/api/v1/agents/%E0%A4%A", "/api/v1/agents/%u0061lpha", "/api/v1/agents/%", "/api/v1/agents/%ED%A0%80"];
const CONTROL = ["/api/v1/agents/alpha%00", "/api/v1/agents/al%0Apha", "/api/v1/approvals/x%00y", "/api/v1/agents/alpha%00/kill"];

describeEngines("HTTP hardening", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let proxied: Awaited<ReturnType<typeof startTestApi>>;
  let fx: SecurityFixture;
  const saved = { ...DEFAULT_RATE_LIMIT };

  beforeAll(async () => {
    api = await startTestApi(get());
    // the same API behind a trusted proxy on loopback (GATEHOUSE_TRUSTED_PROXIES=127.0.0.1)
    proxied = await startTestApi(get(), { trustedProxies: "127.0.0.1" });
    fx = await securityFixture(get().db);
  });
  afterAll(async () => {
    await api?.close();
    await proxied?.close();
  });
  beforeEach(() => clearProcessSingleton("rate-buckets"));
  afterEach(() => Object.assign(DEFAULT_RATE_LIMIT, saved));

  it("lean adapter: malformed percent-encoding gets a 400 error body, anonymous or not", async () => {
    for (const path of MALFORMED) {
      for (const headers of [{}, { authorization: `Bearer ${fx.tokens["scope:agents:read"]}` }] as Record<string, string>[]) {
        const r = await raw(api.base, path.includes("kill") ? "POST" : "GET", path, headers);
        expect(r.status, `${path} → ${r.status} ${r.body}`).toBe(400);
        expect(JSON.parse(r.body).error.code).toBe("invalid_request");
      }
    }
  });

  it("lean adapter: NUL and other control characters in a path segment get a 400, never a 500", async () => {
    const headers = { authorization: `Bearer ${fx.tokens["scope:agents:write"]}` };
    for (const path of CONTROL) {
      const r = await raw(api.base, path.endsWith("/kill") ? "POST" : "GET", path, headers);
      expect(r.status, `${path} → ${r.status} ${r.body}`).toBe(400);
      expect(JSON.parse(r.body).error.code).toBe("invalid_request");
    }
    // the connection-level check does not refuse what is fine: a well-formed unknown agent is a 404
    const ok = await raw(api.base, "GET", "/api/v1/agents/caf%C3%A9", headers);
    expect(ok.status).toBe(404);
  });

  it("Next adapter: a NUL in a decoded route parameter gets a 400, never a 500", async () => {
    const req = new NextRequest("http://127.0.0.1/api/v1/agents/alpha%00", {
      headers: { authorization: `Bearer ${fx.tokens["scope:agents:read"]}`, [CLIENT_ADDRESS_HEADER]: "198.51.100.1" },
    });
    const res = await nextApi(req);
    expect(res.status, await res.clone().text()).toBe(400);
    expect((await res.json()).error.code).toBe("invalid_request");
  });

  it("lean adapter: rotating the Authorization header does not reset the limit", async () => {
    Object.assign(DEFAULT_RATE_LIMIT, { perSecond: 0.01, burst: 5 });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      // a fresh, different token each time (all unknown): the old key was its first 16 characters
      const r = await api.request("GET", "/api/v1/agents", { headers: { authorization: `Bearer ghi_${i}${"x".repeat(40)}${i}` } });
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
  });

  it("lean adapter: X-Forwarded-For from a peer that is not a trusted proxy is ignored", async () => {
    Object.assign(DEFAULT_RATE_LIMIT, { perSecond: 0.01, burst: 5 });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await api.request("GET", "/api/v1/agents", { headers: { "x-forwarded-for": `203.0.113.${i}` } })).status);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
  });

  it("behind a trusted proxy: each forwarded client has its own limit, and a token has one across addresses", async () => {
    Object.assign(DEFAULT_RATE_LIMIT, { perSecond: 0.01, burst: 5 });
    // eight clients behind the proxy, two requests each: nobody is throttled
    for (let i = 0; i < 8; i++)
      for (let j = 0; j < 2; j++)
        expect((await proxied.request("GET", "/api/v1/agents", { headers: { "x-forwarded-for": `203.0.113.${i}` } })).status).toBe(401);
    // one client past its burst is
    const one: number[] = [];
    for (let j = 0; j < 6; j++) one.push((await proxied.request("GET", "/api/v1/agents", { headers: { "x-forwarded-for": `198.51.100.77` } })).status);
    expect(one.at(-1)).toBe(429);
    // one valid token used from eight addresses: limited as one caller
    clearProcessSingleton("rate-buckets");
    const token: number[] = [];
    for (let i = 0; i < 8; i++)
      token.push(
        (await proxied.request("GET", "/api/v1/agents", { token: fx.tokens["scope:agents:read"], headers: { "x-forwarded-for": `192.0.2.${i}` } })).status,
      );
    expect(token).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
  });

  it("Next adapter: the limit is keyed on the address the dispatcher resolved, not on X-Forwarded-For", async () => {
    Object.assign(DEFAULT_RATE_LIMIT, { perSecond: 0.01, burst: 5 });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const req = new NextRequest("http://127.0.0.1/api/v1/agents", {
        headers: { "x-forwarded-for": `203.0.113.${i}`, [CLIENT_ADDRESS_HEADER]: "198.51.100.9" },
      });
      statuses.push((await nextApi(req)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  });
});
