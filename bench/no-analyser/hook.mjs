// Module hook for the "without the analyser" half of the shell A/B (bench/suites/shell-ab.ts):
// lib/shell/analyse.ts resolves to a stub that leaves a shell line as one action, as before
// issue 14. Only the benchmark's server process registers it; product code has no switch.
const stub = new URL("./stub-analyse.ts", import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  const r = await nextResolve(specifier, context);
  return r.url.endsWith("/lib/shell/analyse.ts") ? { ...r, url: stub } : r;
}
