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

// Issue 16: a large body answered unread (a 429 before the body is read) is not drained from the
// socket — the client still reads the answer, and the server reads a bounded part of the body.
it("answers a large unread body without reading it, and the client still gets the answer", async () => {
  const refuse = defineApi(async () => {
    throw new AppError(429, "rate_limited", "Too many large bodies.", undefined, { "Retry-After": "1" });
  });
  const sockets: import("node:net").Socket[] = [];
  const srv = http.createServer((req, res) => void nodeHandle(refuse, req, res));
  srv.on("connection", (s) => sockets.push(s));
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as AddressInfo).port;
  const body = Buffer.alloc(20 * 1024 * 1024, 0x61);
  const closed = () => Promise.all(sockets.map((s) => (s.destroyed ? undefined : new Promise((r) => s.once("close", r)))));
  try {
    // fetch (undici), Content-Length declared
    const r = await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body, headers: { "content-type": "application/json" } });
    expect(r.status).toBe(429);
    expect(r.headers.get("retry-after")).toBe("1");
    expect(((await r.json()) as any).error.code).toBe("rate_limited");
    // the client must not send its next request on this socket: it closes a second after the answer
    expect(r.headers.get("connection")).toBe("close");
    // 2 MiB bodies, which the client writes whole into the kernel's buffers before the socket
    // closes: without Connection: close fetch reused such a socket and the next request failed
    // (ECONNRESET in the stall bench); with node:http's own close (a reset) fetch failed with EPIPE
    const statuses: (number | string)[] = [];
    for (let i = 0; i < 8; i++) {
      try {
        const q = await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: body.subarray(0, 2 * 1024 * 1024) });
        await q.text();
        statuses.push(q.status);
      } catch (e) {
        statuses.push(String((e as { cause?: { code?: string } }).cause?.code ?? e));
      }
    }
    expect(statuses).toEqual(Array(8).fill(429));
    // node:http, chunked (no length declared)
    const viaHttp = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const q = http.request({ host: "127.0.0.1", port, method: "POST", path: "/", headers: { "transfer-encoding": "chunked" } }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      });
      q.on("error", () => undefined); // the unread rest of the body fails to send once the socket is closed
      q.on("timeout", () => reject(new Error("timeout")));
      for (let i = 0; i < 20; i++) q.write(body.subarray(i * 1024 * 1024, (i + 1) * 1024 * 1024));
      q.end();
    });
    expect(viaHttp.status).toBe(429);
    expect(JSON.parse(viaHttp.text).error.code).toBe("rate_limited");
    await closed();
    // each socket was closed having read a bounded part of the 20 MiB (what the kernel buffers and
    // the parser took before the answer), never the whole body (the old drain read all of it)
    expect(sockets.length).toBeGreaterThanOrEqual(2);
    for (const s of sockets) expect(s.bytesRead).toBeLessThan(8 * 1024 * 1024);
  } finally {
    await new Promise<void>((r) => srv.close(() => r()));
  }
});

it("still drains a small unread body so the connection is reused", async () => {
  const refuse = defineApi(async () => {
    throw new AppError(429, "rate_limited", "Slow down.");
  });
  const sockets: import("node:net").Socket[] = [];
  const srv = http.createServer((req, res) => void nodeHandle(refuse, req, res));
  srv.on("connection", (s) => sockets.push(s));
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as AddressInfo).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const post = () =>
    new Promise<number>((resolve, reject) => {
      const q = http.request({ host: "127.0.0.1", port, method: "POST", path: "/", agent, headers: { "content-type": "application/json" } }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      q.on("error", reject);
      q.end(Buffer.alloc(64 * 1024, 0x61));
    });
  try {
    expect([await post(), await post(), await post()]).toEqual([429, 429, 429]);
    expect(sockets).toHaveLength(1);
  } finally {
    agent.destroy();
    await new Promise<void>((r) => srv.close(() => r()));
  }
});
