// CSV rendering for the violations export, with the one encoder (lib/util/csv.ts).
import { csvCell, csvLine as rowLine } from "@/lib/util/csv";

export { csvCell };

export const CSV_COLUMNS = [
  "id",
  "kind",
  "severity",
  "status",
  "title",
  "explanation",
  "agent",
  "team",
  "count",
  "first_seen_at",
  "last_seen_at",
  "assignee",
] as const;

export interface CsvRow {
  id: string;
  kind: string;
  severity: string;
  status: string;
  title: string;
  explanation: string;
  agentSlug: string | null;
  teamSlug: string | null;
  count: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  assigneeName: string | null;
}

export function csvLine(r: CsvRow): string {
  return rowLine([r.id, r.kind, r.severity, r.status, r.title, r.explanation, r.agentSlug, r.teamSlug, r.count, r.firstSeenAt, r.lastSeenAt, r.assigneeName]);
}

export function violationsCsvStream(pages: AsyncIterable<CsvRow[]>): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const it = pages[Symbol.asyncIterator]();
  let header = true;
  return new ReadableStream({
    async pull(controller) {
      if (header) {
        header = false;
        controller.enqueue(enc.encode(rowLine(CSV_COLUMNS)));
        return;
      }
      const next = await it.next();
      if (next.done) controller.close();
      else controller.enqueue(enc.encode(next.value.map(csvLine).join("")));
    },
    async cancel() {
      await it.return?.();
    },
  });
}
