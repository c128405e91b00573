// Shared constants and tiny text helpers of the demo generator.
import type { UserRec } from "./types";
import { auditActor, personActor } from "@/lib/auth/actor";

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
/** days of audit history before `now` */
export const EVENT_DAYS = 42;
/** days of pull requests before `now` */
export const CHANGE_DAYS = 56;
export const APPROVAL_TTL = 30 * MIN;
/** violations of the same group within this window fold into one row */
export const GROUP_WINDOW = HOUR;
export const AUDIT_BATCH = 2000;
export const ROW_BATCH = 2000;
export const INSERT_CHUNK = 500;

export const fill = (template: string, m: string, n: number | string = "") => template.replaceAll("{m}", m).replaceAll("{n}", String(n));
export const shortRepo = (repo: string) => repo.split("/")[1];
/** The audit actor columns of a persona's act (lib/auth/actor.ts: the one derivation). */
export const humanAct = (u: UserRec) => auditActor(personActor(u));
