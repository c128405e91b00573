// Next bundles lib/ (and db/) separately from the custom server and the CLI, so module-level state
// would exist twice in one process. Anything that must be one per process lives on globalThis.
// (The storage layer's own helper: lib/util/global.ts re-exports it for lib/.)
const store = globalThis as unknown as { __gatehouse?: Map<string, unknown> };

export function processSingleton<T>(key: string, create: () => T): T {
  store.__gatehouse ??= new Map();
  if (!store.__gatehouse.has(key)) store.__gatehouse.set(key, create());
  return store.__gatehouse.get(key) as T;
}

export function clearProcessSingleton(key: string) {
  store.__gatehouse?.delete(key);
}
