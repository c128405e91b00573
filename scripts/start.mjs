// `npm start`: build when there is no build or the sources changed since, then serve.
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = process.cwd();
const buildId = path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID");

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

const sources = Math.max(
  ...["app", "components", "lib", "db"].map((d) => newestMtime(path.join(root, d))),
  ...["next.config.ts", "package.json", "postcss.config.mjs"].map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0)),
);
const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
if (built < sources) {
  console.log(built ? "Sources changed since the last build: rebuilding…" : "First start: building the app (a minute or two)…");
  const r = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const child = spawn("npx", ["tsx", "--import", "./scripts/register.mjs", "server.ts"], { stdio: "inherit", env: process.env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
