// The stored event row, for components (which may not import db/ directly).
export type { AuditEvent } from "@/db/schema";
