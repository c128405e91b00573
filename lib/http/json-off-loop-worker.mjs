// The worker thread of lib/http/json-off-loop.ts: a request body's bytes in (transferred, not
// copied), its JSON value out, with everything proportional to the body's size done here rather
// than on the event loop: the UTF-8 decode, JSON.parse, the scan for text PostgreSQL cannot store
// (and the copy that replaces it) and the nesting depth (lib/security/json-guard.ts, the same
// functions the loop runs on small bodies). Plain JavaScript, like lib/offload/off-loop-worker.mjs:
// it loads the TypeScript guard through tsx's API.
import fs from "node:fs";
import os from "node:os";
import { parentPort } from "node:worker_threads";

// This thread gets the lowest CPU priority (see lib/offload/off-loop-worker.mjs).
try {
  const tid = Number(fs.readlinkSync("/proc/thread-self").split("/").pop());
  if (tid > 0) os.setPriority(tid, 19);
} catch {
  /* not Linux: normal priority */
}

const { register } = await import("tsx/esm/api");
register();
const { parseBody } = await import("./json-body.ts");

parentPort.on("message", ({ id, text, plain, bytes }) => {
  let out;
  try {
    // plain: JSON.parse alone (parseJson: a text the caller guards itself)
    out = plain ? { id, ok: true, value: JSON.parse(text) } : { id, ok: true, ...parseBody(Buffer.from(bytes).toString("utf8")) };
  } catch (e) {
    out = { id, ok: false, syntax: e instanceof SyntaxError };
  }
  try {
    parentPort.postMessage(out);
  } catch {
    // a value the structured clone cannot take (too deep for it): the loop parses it itself
    parentPort.postMessage({ id, ok: false, syntax: false });
  }
});
parentPort.postMessage({ ready: true });
