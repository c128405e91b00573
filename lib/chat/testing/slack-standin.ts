import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHmac } from "node:crypto";

/**
 * A Slack-like stand-in for tests: it receives incoming-webhook posts (POST /hooks/…), the Web
 * API's chat.postMessage and chat.update (form-encoded, as @slack/web-api sends them, bearer
 * token checked) and response_url posts (POST /actions/…); and it clicks buttons the way Slack
 * does: a `block_actions` payload, form-encoded as `payload=`, signed with the v0 scheme
 * (HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret, in X-Slack-Signature and
 * X-Slack-Request-Timestamp).
 */
export interface Received {
  kind: "webhook" | "postMessage" | "update" | "response";
  path: string;
  auth?: string;
  body: Record<string, unknown>;
}

export const TEAM_ID = "T0GATE";

export async function startSlackStandin(opts: { botToken?: string; failNext?: number } = {}) {
  const received: Received[] = [];
  let failNext = opts.failNext ?? 0;
  let tsSeq = 1000;
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const path = req.url ?? "/";
      const ct = req.headers["content-type"] ?? "";
      let body: Record<string, unknown> = {};
      if (ct.includes("application/json")) body = JSON.parse(raw || "{}");
      else for (const [k, v] of new URLSearchParams(raw)) body[k] = k === "blocks" || k === "attachments" ? JSON.parse(v) : v;
      const send = (status: number, obj?: unknown) => {
        res.writeHead(status, { "content-type": obj === undefined ? "text/plain" : "application/json" }).end(obj === undefined ? "ok" : JSON.stringify(obj));
      };
      if (failNext > 0) {
        failNext -= 1;
        return send(500, { ok: false, error: "internal_error" });
      }
      if (path.startsWith("/api/")) {
        const method = path.slice(5).split("?")[0];
        const auth = req.headers.authorization;
        if (opts.botToken && auth !== `Bearer ${opts.botToken}`) return send(200, { ok: false, error: "invalid_auth" });
        if (method === "chat.postMessage") {
          const ts = `${++tsSeq}.000100`;
          received.push({ kind: "postMessage", path, auth, body });
          return send(200, { ok: true, channel: body.channel === "#approvals" ? "C0APPROVALS" : body.channel, ts, message: { text: body.text } });
        }
        if (method === "chat.update") {
          received.push({ kind: "update", path, auth, body });
          return send(200, { ok: true, channel: body.channel, ts: body.ts });
        }
        return send(200, { ok: false, error: "unknown_method" });
      }
      if (path.startsWith("/hooks/")) {
        received.push({ kind: "webhook", path, body });
        return send(200);
      }
      if (path.startsWith("/actions/")) {
        received.push({ kind: "response", path, body });
        return send(200, { ok: true });
      }
      send(404);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let actionSeq = 0;
  return {
    base,
    apiUrl: `${base}/api/`,
    webhookUrl: `${base}/hooks/T0GATE/B0GATE/secretpath`,
    received,
    failNext: (n: number) => (failNext = n),
    of: (kind: Received["kind"]) => received.filter((r) => r.kind === kind),
    /** A signed block_actions request as Slack would send it; returns the request to post. */
    click(p: {
      signingSecret: string;
      userId: string;
      approvalId: string;
      action: "approve" | "deny";
      username?: string;
      timestamp?: number;
      messageTs?: string;
    }) {
      const ts = String(p.timestamp ?? Math.floor(Date.now() / 1000));
      const payload = {
        type: "block_actions",
        user: { id: p.userId, username: p.username ?? p.userId.toLowerCase(), name: p.username ?? p.userId.toLowerCase(), team_id: TEAM_ID },
        api_app_id: "A0GATE",
        token: "legacy-verification-token",
        container: { type: "message", message_ts: p.messageTs ?? "1000.000100", channel_id: "C0APPROVALS", is_ephemeral: false },
        trigger_id: `${Date.now()}.trigger`,
        team: { id: TEAM_ID, domain: "acme" },
        channel: { id: "C0APPROVALS", name: "approvals" },
        response_url: `${base}/actions/${TEAM_ID}/${++actionSeq}/responsetoken`,
        actions: [
          {
            action_id: p.action === "approve" ? "gatehouse_approve" : "gatehouse_deny",
            block_id: `gatehouse:${p.approvalId}`,
            text: { type: "plain_text", text: p.action === "approve" ? "Approve" : "Deny" },
            value: p.approvalId,
            style: p.action === "approve" ? "primary" : "danger",
            type: "button",
            action_ts: `${ts}.${String(actionSeq).padStart(6, "0")}`,
          },
        ],
      };
      const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
      const signature = `v0=${createHmac("sha256", p.signingSecret).update(`v0:${ts}:${body}`).digest("hex")}`;
      return {
        body,
        headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": ts, "x-slack-signature": signature },
        responseUrl: payload.response_url,
      };
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
