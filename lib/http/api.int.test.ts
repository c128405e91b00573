import { afterAll, beforeAll, expect, it } from "vitest";
import { z } from "zod";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describeEngines } from "@/lib/testing/db";
import { startTestApi } from "@/lib/testing/http";
import { openDatabase, setProcessDb } from "@/lib/db";
import { defineApi, json, nodeHandle, readJson } from "./api";
import { AppError } from "./errors";

describeEngines("machine API basics", (get) => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  beforeAll(async () => {
    api = await startTestApi(get());
  });
  afterAll(() => api.close());

  it("answers health with the database status", async () => {
    const r = await api.request("GET", "/api/health");
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: "ok", database: "ok" });
  });

  it("answers unknown routes with the API error body", async () => {
    const r = await api.request("GET", "/api/v1/nope");
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe("not_found");
  });
});

// A tiny route on the same adapter, to pin the error contract of readJson/defineApi.
const echo = defineApi(
  async (req) => {
    const body = await readJson(req, z.object({ n: z.number().int() }));
    if (body.n === 13) throw new Error("select * from secret_table -- boom");
    if (body.n === 7) throw new AppError(409, "conflict", "Seven is taken.");
    return json(200, body);
  },
  { bodyLimit: 1000 },
);

let server: http.Server;
let base = "";
beforeAll(async () => {
  server = http.createServer((req, res) => void nodeHandle(echo, req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function post(body: string, headers: Record<string, string> = { "content-type": "application/json" }) {
  const res = await fetch(base, { method: "POST", body, headers });
  return { status: res.status, json: (await res.json()) as any };
}

it("rejects malformed JSON and schema violations with invalid_request and the failing fields", async () => {
  const bad = await post("{nope");
  expect(bad.status).toBe(400);
  expect(bad.json.error.code).toBe("invalid_request");
  const schema = await post(JSON.stringify({ n: "x" }));
  expect(schema.status).toBe(400);
  expect(schema.json.error.details[0].path).toBe("n");
});

it("answers 413 past the body limit and 415 for a non-JSON content type", async () => {
  const big = await post(JSON.stringify({ n: 1, pad: "x".repeat(2000) }));
  expect(big.status).toBe(413);
  expect(big.json.error.code).toBe("payload_too_large");
  const form = await post("n=1", { "content-type": "application/x-www-form-urlencoded" });
  expect(form.status).toBe(415);
});

it("turns unexpected errors into a 500 without internals, and typed errors into their status", async () => {
  const boom = await post(JSON.stringify({ n: 13 }));
  expect(boom.status).toBe(500);
  expect(JSON.stringify(boom.json)).not.toMatch(/secret_table|select|at .*\.ts/);
  const taken = await post(JSON.stringify({ n: 7 }));
  expect(taken).toEqual({ status: 409, json: { error: { code: "conflict", message: "Seven is taken." } } });
});

it("reports 503 from health when the database is unreachable", async () => {
  const dead = await openDatabase({ url: "postgres://postgres@127.0.0.1:1/none", migrate: false });
  setProcessDb(dead);
  const api = await startTestApi(dead);
  try {
    const r = await api.request("GET", "/api/health");
    expect(r.status).toBe(503);
    expect(r.json.database).toBe("unreachable");
  } finally {
    await api.close();
    await dead.close();
  }
});

it("limits every route per client address and per token with 429 and Retry-After", async () => {
  const limited = defineApi(async () => json(200, { ok: true }), { rateLimit: { perSecond: 1, burst: 3 } });
  const srv = http.createServer((req, res) => void nodeHandle(limited, req, res));
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  try {
    const codes: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const r = await fetch(url, { headers: { authorization: "Bearer gat_AAAAAAAAAAAAAAAA" } });
      codes.push(r.status);
      if (r.status === 429) {
        retryAfter = r.headers.get("retry-after");
        expect(((await r.json()) as any).error.code).toBe("rate_limited");
      }
    }
    expect(codes.slice(0, 3)).toEqual([200, 200, 200]);
    expect(codes.slice(3)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // (no dispatcher in front here: the address header stands in for the one it sets)
    const from = (address: string, token: string) => fetch(url, { headers: { authorization: `Bearer ${token}`, "x-gatehouse-client-address": address } });
    // another token from the same address: the address's limit holds
    expect((await from("127.0.0.1", "gat_BBBBBBBBBBBBBBBB")).status).toBe(429);
    // the same token from another address: the token's limit holds
    expect((await from("192.0.2.1", "gat_AAAAAAAAAAAAAAAA")).status).toBe(429);
    // another token from another address: its own limits
    expect((await from("192.0.2.2", "gat_CCCCCCCCCCCCCCCC")).status).toBe(200);
  } finally {
    await new Promise<void>((r) => srv.close(() => r()));
  }
});
