// One per process: the helper lives in the storage layer (db/process.ts), which imports nothing
// from lib/, and is re-exported here for lib/.
export { processSingleton, clearProcessSingleton } from "@/db/process";
