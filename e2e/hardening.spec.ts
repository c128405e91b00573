import fc from "fast-check";
import { test, expect, signInAs } from "./fixtures";

test.describe("web hardening", () => {
  test("pages carry the security headers and a nonce CSP that the app itself satisfies", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(m.text());
    });
    const res = await page.goto("/signin");
    const h = res!.headers();
    expect(h["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
    expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["x-powered-by"]).toBeUndefined();
    await signInAs(page, "viewer");
    await page.goto("/");
    await expect(page.getByTestId("stat-active-agents")).toBeVisible();
    expect(violations).toEqual([]);
  });

  test("dark mode toggles and survives a reload", async ({ page }) => {
    await signInAs(page, "viewer");
    await page.goto("/");
    const html = page.locator("html");
    const wasDark = await html.evaluate((e) => e.classList.contains("dark"));
    await page.getByRole("button", { name: "Toggle dark mode" }).click();
    await expect(html).toHaveClass(wasDark ? /^(?!.*\bdark\b)/ : /\bdark\b/);
    await page.reload();
    await expect(html).toHaveClass(wasDark ? /^(?!.*\bdark\b)/ : /\bdark\b/);
  });

  test("machine routes answer the API error body, never HTML", async ({ request }) => {
    const r = await request.get("/api/v1/does-not-exist");
    expect(r.status()).toBe(404);
    expect(await r.json()).toMatchObject({ error: { code: "not_found" } });
    const h = await request.get("/api/health");
    expect(await h.json()).toEqual({ status: "ok", database: "ok" });
  });
});

// Issue 16: what Next would decode itself. Every request here goes through the built app
// (server.ts → dispatcher → lean routes or Next), so routes without a lean entry are Next's.
test.describe("request envelope through the built app", () => {
  const MALFORMED = ["%E0%A4%A", "%u0061lpha", "alpha%00", "%ED%A0%80", "al%0Apha", "%"];
  // lean (approvals), Next only (agents, tokens, teams' unknown sub-path), and pages
  const TEMPLATES = ["/api/v1/approvals/{}", "/api/v1/agents/{}", "/api/v1/agents/{}/tokens", "/api/v1/nope/{}", "/agents/{}", "/changes/{}"];

  test("malformed percent-encoding and control characters in a path segment get a 400, never a 500", async ({ request }) => {
    for (const t of TEMPLATES)
      for (const seg of MALFORMED) {
        const path = t.replace("{}", seg);
        const r = await request.get(path, { maxRedirects: 0 });
        expect(r.status(), `${path} → ${r.status()}`).toBe(400);
        if (path.startsWith("/api/")) expect((await r.json()).error.code).toBe("invalid_request");
      }
  });

  test("fuzzed path segments, query strings and headers never give a 500 (lean and Next routes)", async ({ request }) => {
    test.setTimeout(180_000); // pages render for some of the cases
    const seg = fc
      .array(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 10 }).map(enc),
          fc.constantFrom("%", "%0", "%00", "%E0%A4%A", "%u0061", "%FF", "%2F", "..", "__proto__"),
        ),
        { minLength: 1, maxLength: 3 },
      )
      .map((p) => p.join(""));
    const query = fc.array(
      fc.oneof(
        fc.constantFrom("%", "a=%00", "from=%E0%A4%A", "page_size=%FF", "q=%u0061"),
        fc.tuple(fc.string({ maxLength: 6 }), fc.string({ maxLength: 12 })).map(([k, v]) => `${enc(k)}=${enc(v)}`),
      ),
      { maxLength: 3 },
    );
    const header = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TEMPLATES), seg, query, header, header, async (t, s, q, auth, xff) => {
        const path = `${t.replace("{}", s)}${q.length ? `?${q.join("&")}` : ""}`;
        const r = await request.get(path, { maxRedirects: 0, headers: { authorization: `Bearer ${auth}`, "x-forwarded-for": xff } });
        expect(r.status(), `${path} → ${r.status()} ${(await r.text()).slice(0, 200)}`).toBeLessThan(500);
      }),
      { numRuns: 40, seed: 0x16 },
    );
  });

  test("a server action posted with a foreign or malformed Origin gets a 4xx, not a 500", async ({ request, baseURL }) => {
    const action = { "next-action": "7f" + "0".repeat(40), "content-type": "text/plain;charset=UTF-8" };
    const foreign = await request.post("/settings/tokens", { headers: { ...action, origin: "http://evil.example" }, data: "[]" });
    expect(foreign.status()).toBe(403);
    const malformed = await request.post("/settings/tokens", { headers: { ...action, origin: "http://" }, data: "[]" });
    expect(malformed.status()).toBe(400);
    // a spoofed X-Forwarded-Host does not make a foreign origin ours (only trusted proxies may set it)
    const spoofed = await request.post("/settings/tokens", {
      headers: { ...action, origin: "http://evil.example", "x-forwarded-host": "evil.example" },
      data: "[]",
    });
    expect(spoofed.status()).toBe(403);
    // our own origin reaches Next (an unknown action id: Next's own 404, not our refusal)
    const own = await request.post("/settings/tokens", { headers: { ...action, origin: new URL(baseURL!).origin }, data: "[]" });
    expect(own.status()).not.toBe(403);
    expect(own.status()).toBeLessThan(500);
  });

  test("Next routes key callers on the socket's address, not on a client's X-Forwarded-For", async ({ page }) => {
    // a refused token is recorded as auth.denied with the address the route saw (the address the
    // rate limits use): GET /api/v1/teams is served by Next only
    const token = `gci_${Array.from({ length: 32 }, () => "abcdefghijklmnopqrstuvwxyz0123456789"[Math.floor(Math.random() * 36)]).join("")}`;
    const r = await page.request.get("/api/v1/teams", { headers: { authorization: `Bearer ${token}`, "x-forwarded-for": "203.0.113.77" } });
    expect(r.status()).toBe(401);
    await signInAs(page, "admin");
    await expect
      .poll(async () => {
        const res = await page.request.get("/api/v1/audit/export?format=jsonl&type=auth.denied");
        const mine = (await res.text()).split("\n").filter((l) => l.includes(token.slice(0, 12)));
        return mine.map((l) => (JSON.parse(l) as { payload?: { ip?: string } }).payload?.ip);
      })
      .toEqual(["127.0.0.1"]);
  });
});

function enc(s: string) {
  try {
    return encodeURIComponent(s);
  } catch {
    return "%ED%A0%80";
  }
}
