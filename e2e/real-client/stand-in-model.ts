import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A scripted stand-in for the Anthropic Messages API, so the real Claude Code CLI runs offline.
 * It answers `POST /v1/messages` with server-sent events in the published streaming format
 * (message_start, content_block_start/_delta/_stop, message_delta, message_stop).
 *
 * The answer to a request is chosen by how many assistant turns the conversation already has:
 * turn 0 gets `script[0]`, the request carrying the first tool_result gets `script[1]`, and so on;
 * past the end of the script the model says "done". Requests without tools (the CLI's side
 * queries) always get text. Each run of the CLI is its own conversation, so one server can serve
 * several runs one after another.
 */
export type Turn = { tool: string; input: Record<string, unknown> } | { text: string };

export interface ModelRequest {
  model: string;
  messages: { role: string; content: unknown }[];
  tools?: { name: string }[];
}

export interface StandInModel {
  url: string;
  /** every /v1/messages body received, in order */
  requests: ModelRequest[];
  /** the tool_result blocks the CLI sent back (what the tool printed, or the hook's denial) */
  toolResults(): { tool_use_id: string; content: string; is_error: boolean }[];
  close(): Promise<void>;
}

function sse(res: http.ServerResponse, event: string, data: unknown) {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((c) => (typeof c === "string" ? c : ((c as { text?: string }).text ?? ""))).join("");
  return "";
}

export async function startStandInModel(script: Turn[] | ((req: ModelRequest, turn: number) => Turn)): Promise<StandInModel> {
  const requests: ModelRequest[] = [];
  let seq = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      if (req.method !== "POST" || !req.url?.startsWith("/v1/messages")) {
        // HEAD / (connectivity probe) and anything else: an empty 200 / 404
        res.writeHead(req.method === "HEAD" ? 200 : 404, { "content-type": "application/json" });
        return res.end(req.method === "HEAD" ? undefined : "{}");
      }
      let j: ModelRequest;
      try {
        j = JSON.parse(body) as ModelRequest;
      } catch {
        res.writeHead(400, { "content-type": "application/json" });
        return res.end(JSON.stringify({ type: "error", error: { type: "invalid_request_error", message: "bad json" } }));
      }
      requests.push(j);
      const id = ++seq;
      const turnIndex = j.messages.filter((m) => m.role === "assistant").length;
      const withTools = Array.isArray(j.tools) && j.tools.length > 0;
      const turn: Turn = !withTools ? { text: "ok" } : typeof script === "function" ? script(j, turnIndex) : (script[turnIndex] ?? { text: "done" });
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      sse(res, "message_start", {
        type: "message_start",
        message: {
          id: `msg_standin_${id}`,
          type: "message",
          role: "assistant",
          model: j.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 12, output_tokens: 1 },
        },
      });
      if ("tool" in turn) {
        sse(res, "content_block_start", {
          type: "content_block_start",
          index: 0,
          content_block: { type: "tool_use", id: `toolu_standin_${id}`, name: turn.tool, input: {} },
        });
        sse(res, "content_block_delta", {
          type: "content_block_delta",
          index: 0,
          delta: { type: "input_json_delta", partial_json: JSON.stringify(turn.input) },
        });
        sse(res, "content_block_stop", { type: "content_block_stop", index: 0 });
        sse(res, "message_delta", { type: "message_delta", delta: { stop_reason: "tool_use", stop_sequence: null }, usage: { output_tokens: 8 } });
      } else {
        sse(res, "content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } });
        sse(res, "content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: turn.text } });
        sse(res, "content_block_stop", { type: "content_block_stop", index: 0 });
        sse(res, "message_delta", { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: 4 } });
      }
      sse(res, "message_stop", { type: "message_stop" });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    toolResults() {
      const out: { tool_use_id: string; content: string; is_error: boolean }[] = [];
      for (const r of requests)
        for (const m of r.messages)
          if (Array.isArray(m.content))
            for (const c of m.content as { type: string; tool_use_id?: string; content?: unknown; is_error?: boolean }[])
              if (c.type === "tool_result" && !out.some((o) => o.tool_use_id === c.tool_use_id))
                out.push({ tool_use_id: c.tool_use_id ?? "", content: textOf(c.content), is_error: !!c.is_error });
      return out;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
