import Link from "next/link";
import { EmptyState } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { fmtDateTime } from "@/lib/ui/time";

interface VersionRow {
  version: number;
  authorLabel: string | null;
  comment: string | null;
  diff: string | null;
  createdAt: string;
  rules: number;
}

/** Every version, newest first, with who changed it and the line diff against the previous one. */
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
          {v.diff ? (
            <details className="mt-2">
              <summary className="cursor-pointer text-sm">Diff against version {v.version - 1}</summary>
              <pre className="mt-2 max-h-96 overflow-auto rounded bg-muted p-2 text-xs">
                {v.diff.split("\n").map((l, i) => (
                  <span key={i} className={l.startsWith("+") ? "text-green-700 dark:text-green-400" : l.startsWith("-") ? "text-red-700 dark:text-red-400" : undefined}>
                    {l}
                    {"\n"}
                  </span>
                ))}
              </pre>
            </details>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
