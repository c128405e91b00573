"use client";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button, buttonVariants } from "@/components/ui/button";
import { EmptyState, TBody, TD, TH, THead, TR, Table } from "@/components/ui/table";
import { useServerAction } from "@/components/settings/use-action";
import { blockShadowAction } from "@/lib/registry/actions";
import { relTime } from "./format";

export interface ShadowRow {
  id: string;
  identifier: string;
  source: string;
  firstSeenAt: string;
  lastSeenAt: string;
  sightings: number;
  example: string | null;
  blocked: boolean;
  registeredAgentId: string | null;
}

function BlockButton({ row }: { row: ShadowRow }) {
  const { run, pending, error } = useServerAction(blockShadowAction);
  return (
    <>
      <Button
        size="sm"
        aria-label={`${row.blocked ? "Unblock" : "Block"} ${row.identifier}`}
        variant={row.blocked ? "outline" : "destructive"}
        disabled={pending}
        onClick={() => run({ id: row.id, blocked: !row.blocked })}
      >
        {row.blocked ? "Unblock" : "Block"}
      </Button>
      {error ? (
        <span role="alert" className="ml-2 text-xs text-destructive">
          {error}
        </span>
      ) : null}
    </>
  );
}

/** `now`: the server's render time, so relative times hydrate without a mismatch (#418). */
export function ShadowTable({ rows, canManage, now }: { rows: ShadowRow[]; canManage: boolean; now: number }) {
  if (!rows.length) return <EmptyState title="No shadow agents">Every agent seen in events and commits is registered.</EmptyState>;
  return (
    <Table data-testid="shadow-table">
      <THead>
        <tr>
          <TH>Identifier</TH>
          <TH>Seen in</TH>
          <TH>First seen</TH>
          <TH>Last seen</TH>
          <TH>Sightings</TH>
          <TH>Example</TH>
          <TH>State</TH>
          {canManage ? (
            <TH>
              <span className="sr-only">Actions</span>
            </TH>
          ) : null}
        </tr>
      </THead>
      <TBody>
        {rows.map((r) => (
          <TR key={r.id}>
            <TD className="font-mono">{r.identifier}</TD>
            <TD>{r.source}</TD>
            <TD className="text-xs">{relTime(r.firstSeenAt, now)}</TD>
            <TD className="text-xs">{relTime(r.lastSeenAt, now)}</TD>
            <TD className="tabular-nums">{r.sightings}</TD>
            <TD className="max-w-64 truncate text-xs text-muted-foreground" title={r.example ?? undefined}>
              {r.example ?? "—"}
            </TD>
            <TD>
              {r.registeredAgentId ? (
                <Badge tone="good">registered</Badge>
              ) : r.blocked ? (
                <Badge tone="bad">blocked</Badge>
              ) : (
                <Badge tone="warn">unregistered</Badge>
              )}
            </TD>
            {canManage ? (
              <TD className="space-x-2 whitespace-nowrap">
                {!r.registeredAgentId ? (
                  <Link
                    className={buttonVariants({ size: "sm", variant: "outline" })}
                    aria-label={`Register ${r.identifier}`}
                    href={`/agents/new?slug=${encodeURIComponent(
                      r.identifier
                        .toLowerCase()
                        .replace(/[^a-z0-9-]+/g, "-")
                        .replace(/^-+|-+$/g, ""),
                    )}&name=${encodeURIComponent(r.identifier)}&shadow=${r.id}`}
                  >
                    Register
                  </Link>
                ) : null}
                <BlockButton row={r} />
              </TD>
            ) : null}
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
