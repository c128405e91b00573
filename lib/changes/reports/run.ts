// Parsers are generators that yield between bounded pieces of work (an XML chunk, a batch of
// SARIF results). runSync drives one to the end; runYielding gives the event loop back between
// pieces once a slice of ~8 ms is used up, so other requests (decisions, the kill switch) are
// answered while a large report is read. JSON.parse of the whole text stays one step (V8 has no
// incremental JSON parser); it takes about 10 ms per MB. Pure apart from setImmediate.

export type Steps<T> = Generator<void, T>;

export function runSync<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

const SLICE_MS = 8;

export async function runYielding<T>(steps: Steps<T>): Promise<T> {
  let started = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - started >= SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      started = performance.now();
    }
  }
}
