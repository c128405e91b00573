import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A scripted stand-in for the OpenAI Responses API, so the real Codex CLI runs offline (a
 * `model_providers.<id>` entry with `base_url` pointing here and `wire_api = "responses"`).
 * `POST …/responses` is answered with server-sent events in the shapes Codex's own tests
 * stream (codex-rs/core/tests/common/responses.rs): response.created,
 * response.output_item.added / .done carrying a `function_call`, or an assistant `message`,
 * then response.completed.
 *
 * The answer to a request is chosen by how many tool results its `input` already carries:
 * the first request gets `script[0]`, the one carrying the first function_call_output gets
 * `script[1]`, and so on; past the end of the script the model says "done". A shell turn is
 * sent as a call of whichever shell tool the request offers (exec_command, shell_command or
 * shell), with that tool's argument shape. Each run of the CLI is its own conversation.
 */
export type ResponsesTurn = { shell: string } | { text: string };

export interface ResponsesRequest {
  model?: string;
  input?: { type?: string; call_id?: string; output?: unknown; role?: string; content?: unknown }[];
  tools?: { type?: string; name?: string }[];
}

export interface ResponsesStandIn {
  /** the provider's base_url (ends in /v1) */
  url: string;
  /** every …/responses body received, in order */
  requests: ResponsesRequest[];
  /** the tool names the CLI offered in its first request */
  toolNames(): string[];
  /** the function_call_output items the CLI sent back (what the command printed, or the hook's denial) */
  toolResults(): { call_id: string; output: string }[];
  close(): Promise<void>;
}

function sse(res: http.ServerResponse, data: { type: string } & Record<string, unknown>) {
  res.write(`event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`);
}

const SHELL_TOOLS = ["exec_command", "shell_command", "shell"] as const;

/** The call of the shell tool this request offers, with that tool's arguments. */
function shellCall(req: ResponsesRequest, command: string): { name: string; arguments: string } {
  const offered = new Set((req.tools ?? []).map((t) => t.name));
  const name = SHELL_TOOLS.find((t) => offered.has(t)) ?? "shell";
  if (name === "exec_command") return { name, arguments: JSON.stringify({ cmd: command }) };
  if (name === "shell_command") return { name, arguments: JSON.stringify({ command }) };
  return { name, arguments: JSON.stringify({ command: ["bash", "-lc", command] }) };
}

function outputText(o: unknown): string {
  if (typeof o === "string") return o;
  if (Array.isArray(o)) return o.map((c) => (typeof c === "string" ? c : ((c as { text?: string }).text ?? ""))).join("");
  return JSON.stringify(o ?? "");
}

export async function startResponsesStandIn(script: ResponsesTurn[]): Promise<ResponsesStandIn> {
  const requests: ResponsesRequest[] = [];
  let seq = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      const path = (req.url ?? "").split("?")[0];
      if (req.method === "GET" && path.endsWith("/models")) {
        // model discovery: nothing to list, the configured model is used as it is
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify({ object: "list", data: [], models: [] }));
      }
      if (req.method !== "POST" || !path.endsWith("/responses")) {
        res.writeHead(404, { "content-type": "application/json" });
        return res.end(JSON.stringify({ error: { message: `stand-in: no ${req.method} ${path}`, type: "invalid_request_error" } }));
      }
      let j: ResponsesRequest;
      try {
        j = JSON.parse(body) as ResponsesRequest;
      } catch {
        res.writeHead(400, { "content-type": "application/json" });
        return res.end(JSON.stringify({ error: { message: "bad json", type: "invalid_request_error" } }));
      }
      requests.push(j);
      const n = ++seq;
      const done = (j.input ?? []).filter((i) => i.type === "function_call_output").length;
      const turn: ResponsesTurn = script[done] ?? { text: "done" };
      const id = `resp_standin_${n}`;
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      sse(res, { type: "response.created", response: { id } });
      if ("shell" in turn) {
        const call = shellCall(j, turn.shell);
        const item = {
          type: "function_call",
          id: `fc_standin_${n}`,
          call_id: `call_standin_${n}`,
          name: call.name,
          arguments: call.arguments,
          status: "completed",
        };
        sse(res, { type: "response.output_item.added", output_index: 0, item: { ...item, arguments: "", status: "in_progress" } });
        sse(res, { type: "response.output_item.done", output_index: 0, item });
      } else {
        const item = {
          type: "message",
          id: `msg_standin_${n}`,
          role: "assistant",
          status: "completed",
          content: [{ type: "output_text", text: turn.text, annotations: [] }],
        };
        sse(res, { type: "response.output_item.added", output_index: 0, item: { ...item, content: [], status: "in_progress" } });
        sse(res, { type: "response.output_text.delta", output_index: 0, content_index: 0, item_id: item.id, delta: turn.text });
        sse(res, { type: "response.output_item.done", output_index: 0, item });
      }
      sse(res, {
        type: "response.completed",
        response: { id, usage: { input_tokens: 12, input_tokens_details: null, output_tokens: 4, output_tokens_details: null, total_tokens: 16 } },
      });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    toolNames: () => (requests[0]?.tools ?? []).map((t) => t.name ?? t.type ?? "?"),
    toolResults() {
      const out: { call_id: string; output: string }[] = [];
      for (const r of requests)
        for (const i of r.input ?? [])
          if (i.type === "function_call_output" && !out.some((o) => o.call_id === i.call_id))
            out.push({ call_id: i.call_id ?? "", output: outputText(i.output) });
      return out;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
