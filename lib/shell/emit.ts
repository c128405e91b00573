import type { Run } from "./analyse";
import type { DerivedAction } from "./types";

// Per-command helpers, made by factories rather than declared as local arrows: the lean server
// runs under tsx, whose esbuild `keepNames` wraps every named local arrow in `__name(…)` (an
// Object.defineProperty) each time the enclosing function runs — that was half of the analyser's
// time per simple command (BENCHMARKS.md, "Shell analyser"). A returned arrow is not named.

export type Base = Omit<DerivedAction, "type">;

/** `emit(type, extra)`: one action of this command. */
export function emitter(run: Run, base: Base) {
  return (type: string, extra: Partial<DerivedAction> = {}) => run.emit({ ...base, type, ...extra });
}

/** `emit(type, extra)` that answers true ("handled"), for the `return emit(…)` style of the modules. */
export function handledEmitter(run: Run, base: Base) {
  return (type: string, extra: Partial<DerivedAction> = {}) => (run.emit({ ...base, type, ...extra }), true);
}
