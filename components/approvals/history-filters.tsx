"use client";
import { useRouter, useSearchParams } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";

const FIELDS = ["status", "agent", "decidedBy", "q", "from", "to"] as const;

/** Filters live in the URL: submitting pushes them, so the view is shareable and reloadable. */
export function HistoryFilters({ exportHref }: { exportHref: string }) {
  const router = useRouter();
  const sp = useSearchParams();
  return (
    <form
      className="flex flex-wrap items-end gap-3 rounded-lg border border-border p-3"
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        const qs = new URLSearchParams({ tab: "history" });
        for (const f of FIELDS) {
          const v = String(fd.get(f) ?? "").trim();
          if (v) qs.set(f, v);
        }
        router.push(`/approvals?${qs}`);
      }}
    >
      <div className="space-y-1">
        <Label htmlFor="h-status">Status</Label>
        <Select id="h-status" name="status" defaultValue={sp.get("status") ?? ""}>
          <option value="">Any</option>
          <option value="approved">Approved</option>
          <option value="denied">Denied</option>
          <option value="expired">Expired</option>
          <option value="cancelled">Cancelled</option>
        </Select>
      </div>
      <div className="space-y-1">
        <Label htmlFor="h-agent">Agent (slug)</Label>
        <Input id="h-agent" name="agent" defaultValue={sp.get("agent") ?? ""} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="h-by">Decided by</Label>
        <Input id="h-by" name="decidedBy" defaultValue={sp.get("decidedBy") ?? ""} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="h-q">Action, path or command</Label>
        <Input id="h-q" name="q" defaultValue={sp.get("q") ?? ""} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="h-from">From</Label>
        <Input id="h-from" name="from" type="date" defaultValue={sp.get("from") ?? ""} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="h-to">To</Label>
        <Input id="h-to" name="to" type="date" defaultValue={sp.get("to") ?? ""} />
      </div>
      <Button type="submit" size="sm">
        Apply
      </Button>
      <a className="text-sm underline" href={exportHref} download>
        Export CSV
      </a>
    </form>
  );
}
