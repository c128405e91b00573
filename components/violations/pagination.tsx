import Link from "next/link";

/** Server-side paging links that keep the current filters. */
export function Pagination({ page, total, pageSize, params }: { page: number; total: number; pageSize: number; params: Record<string, string> }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) => `?${new URLSearchParams({ ...params, page: String(p) }).toString()}`;
  return (
    <nav aria-label="Pages" className="flex items-center justify-between text-sm">
      <span className="text-muted-foreground">
        {total === 0 ? "0 violations" : `${(page - 1) * pageSize + 1}–${Math.min(page * pageSize, total)} of ${total}`}
      </span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link className="rounded-md border border-border px-3 py-1 hover:bg-muted" href={href(page - 1)} rel="prev">
            Previous
          </Link>
        ) : null}
        {page < pages ? (
          <Link className="rounded-md border border-border px-3 py-1 hover:bg-muted" href={href(page + 1)} rel="next">
            Next
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
