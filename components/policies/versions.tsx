import Link from "next/link";
import { EmptyState } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { fmtDateTime } from "@/lib/ui/time";
import { DiffView } from "./diff-view";

interface VersionRow {
  version: number;
  authorLabel: string | null;
  comment: string | null;
  diff: string | null;
  createdAt: string;
  rules: number;
}

/** Every version, newest first, with who changed it and the line diff against the previous one (none for the first). */
export function VersionList({ versions, active }: { versions: VersionRow[]; active: number }) {
  if (versions.length === 0) return <EmptyState title="No versions yet">The default policy becomes version 1 on first use.</EmptyState>;
  return (
    <ol className="space-y-2">
      {versions.map((v) => (
        <li key={v.version} className="rounded-lg border border-border bg-card p-3" data-testid="policy-version">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <strong>Version {v.version}</strong>
            {v.version === active ? <Badge tone="good">active</Badge> : null}
            <span className="text-muted-foreground">
              {fmtDateTime(v.createdAt)} · {v.authorLabel ?? "unknown"} · {v.rules} rules
            </span>
            <Link className="ml-auto underline" href={`/policies?tab=rules&version=${v.version}`}>
              View rules
            </Link>
          </div>
          {v.comment ? <p className="mt-1 text-sm">{v.comment}</p> : null}
          {/* the first version has nothing before it to differ from */}
          {v.diff && v.version > 1 ? (
            <details className="mt-2">
              <summary className="cursor-pointer text-sm">Diff against version {v.version - 1}</summary>
              <div className="mt-2">
                <DiffView diff={v.diff} label={`Diff of version ${v.version} against version ${v.version - 1}`} />
              </div>
            </details>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
