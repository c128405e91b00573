export { analyseCommand } from "./analyse";
export { loadShellParser, shellParserReady } from "./parser";
export { secretHint } from "./secrets";
export type { Analysis, DerivedAction } from "./types";
export { LIMITS } from "./types";
