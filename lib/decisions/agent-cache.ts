// Agent-token authentication and its cache live in lib/auth/machine.ts (one for every machine
// path); re-exported here for the hot path's callers.
export { authenticateAgentCached, loadAgentSnapshotById, type AgentSnapshotEntry } from "@/lib/auth/machine";
