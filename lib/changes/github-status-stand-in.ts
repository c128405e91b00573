// Test helper: a GitHub-like REST API that records commit status posts
// (POST /repos/{owner}/{repo}/statuses/{sha}, validated as GitHub does: state, context,
// description ≤ 140) and serves the App installation-token exchange
// (POST /app/installations/{id}/access_tokens with an RS256 JWT of the App). Used by the
// integration tests and the e2e server (GITHUB_API_URL points here).
import http from "node:http";
import { createPublicKey, randomBytes, verify } from "node:crypto";
import type { AddressInfo } from "node:net";

export interface RecordedStatus {
  repository: string;
  sha: string;
  state: string;
  context: string;
  description?: string;
  target_url?: string;
  token: string;
  at: number;
}

export interface GithubStandIn {
  url: string;
  statuses: RecordedStatus[];
  tokenExchanges: number;
  /** the next n status posts answer 500 */
  failNext(n: number): void;
  /** resolves once a status matching `pick` was recorded */
  waitFor(pick: (s: RecordedStatus) => boolean, timeoutMs?: number): Promise<RecordedStatus>;
  close(): Promise<void>;
}

export interface StandInOptions {
  port?: number;
  /** the fine-grained token accepted as is */
  token?: string;
  /** the App: its id, installation id and public key (PEM) to verify the JWT */
  app?: { id: string; installationId: string; publicKeyPem: string };
}

function verifyJwt(jwt: string, app: NonNullable<StandInOptions["app"]>): boolean {
  const [h, b, s] = jwt.split(".");
  if (!h || !b || !s) return false;
  try {
    const head = JSON.parse(Buffer.from(h, "base64url").toString());
    const body = JSON.parse(Buffer.from(b, "base64url").toString());
    if (head.alg !== "RS256" || String(body.iss) !== app.id) return false;
    const now = Date.now() / 1000;
    if (!(body.iat <= now + 60 && body.exp > now && body.exp - body.iat <= 600)) return false;
    return verify("RSA-SHA256", Buffer.from(`${h}.${b}`), createPublicKey(app.publicKeyPem), Buffer.from(s, "base64url"));
  } catch {
    return false;
  }
}

export async function startGithubStandIn(opts: StandInOptions = {}): Promise<GithubStandIn> {
  const statuses: RecordedStatus[] = [];
  const issued = new Set<string>();
  const waiters: { pick: (s: RecordedStatus) => boolean; resolve: (s: RecordedStatus) => void }[] = [];
  let failing = 0;
  const state = { tokenExchanges: 0 };

  const reply = (res: http.ServerResponse, code: number, body: unknown) => {
    res.writeHead(code, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const auth = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
      const url = new URL(req.url ?? "/", "http://stand-in");
      const exchange = /^\/app\/installations\/([^/]+)\/access_tokens$/.exec(url.pathname);
      if (req.method === "POST" && exchange) {
        if (!opts.app || exchange[1] !== opts.app.installationId || !verifyJwt(auth, opts.app))
          return reply(res, 401, { message: "A JSON web token could not be decoded" });
        const token = `ghs_${randomBytes(18).toString("hex")}`;
        issued.add(token);
        state.tokenExchanges += 1;
        return reply(res, 201, { token, expires_at: new Date(Date.now() + 3600_000).toISOString(), permissions: { statuses: "write" } });
      }
      const post = /^\/repos\/([^/]+)\/([^/]+)\/statuses\/([0-9a-f]{40})$/i.exec(url.pathname);
      if (req.method === "POST" && post) {
        if (!(auth && (auth === opts.token || issued.has(auth)))) return reply(res, 401, { message: "Bad credentials" });
        if (failing > 0) {
          failing -= 1;
          return reply(res, 500, { message: "Server Error" });
        }
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          return reply(res, 400, { message: "Problems parsing JSON" });
        }
        const st = body.state;
        if (
          typeof st !== "string" ||
          !["pending", "success", "failure", "error"].includes(st) ||
          (body.description !== undefined && (typeof body.description !== "string" || body.description.length > 140))
        )
          return reply(res, 422, { message: "Validation Failed" });
        const rec: RecordedStatus = {
          repository: `${post[1]}/${post[2]}`,
          sha: post[3].toLowerCase(),
          state: st,
          context: typeof body.context === "string" ? body.context : "default",
          description: body.description as string | undefined,
          target_url: body.target_url as string | undefined,
          token: auth,
          at: Date.now(),
        };
        statuses.push(rec);
        for (const w of [...waiters])
          if (w.pick(rec)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(rec);
          }
        return reply(res, 201, {
          id: statuses.length,
          state: rec.state,
          context: rec.context,
          description: rec.description,
          target_url: rec.target_url ?? null,
        });
      }
      reply(res, 404, { message: "Not Found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    statuses,
    get tokenExchanges() {
      return state.tokenExchanges;
    },
    failNext(n) {
      failing = n;
    },
    waitFor(pick, timeoutMs = 20_000) {
      const found = statuses.find(pick);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const w = { pick, resolve: (s: RecordedStatus) => (clearTimeout(t), resolve(s)) };
        const t = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error("no matching status was posted"));
        }, timeoutMs);
        waiters.push(w);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
