// Loaded with `tsx --import ./scripts/register.mjs`: processes outside Next's bundler (the
// custom server, the CLI, benchmarks) may import lib/ modules guarded by `server-only`,
// which throws unless resolved with React's server condition. Here it is simply empty.
import { register } from "node:module";

register("./server-only-hook.mjs", import.meta.url);
