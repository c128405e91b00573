"use client";
import { useCallback, useEffect, useMemo, useRef, useState, useTransition } from "react";
import Link from "next/link";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/table";
import { bulkDenyAction, decideApprovalAction, killAgentFromQueueAction } from "@/lib/approvals/actions";
import { byPriority } from "@/lib/approvals/priority";
import type { ApprovalItem } from "@/lib/approvals/view";
import { cn } from "@/lib/ui/cn";
import { Evidence, expiresIn, priorityText, riskTone, waited } from "./evidence";
import { ReasonDialog, type DialogMode } from "./decide-dialog";
import { ProgressBadge } from "./progress";

const KEY = ["approvals-queue"];
const NEW_FOR_MS = 2 * 60_000;

interface QueueData {
  items: ApprovalItem[];
  /** waiting for other approvers (left out unless all) */
  hidden: number;
}

async function fetchQueue(all: boolean): Promise<QueueData> {
  const r = await fetch(all ? "/approvals/queue?scope=all" : "/approvals/queue", { cache: "no-store" });
  if (!r.ok) throw new Error(r.status === 401 ? "Your session has ended. Sign in again." : "Could not refresh the queue.");
  const body = (await r.json()) as QueueData;
  return { items: body.items, hidden: body.hidden ?? 0 };
}

/** One line for the list: the command, else the resource, else where (repository@branch, environment). */
function summary(i: ApprovalItem) {
  if (i.command) return i.command;
  if (i.resource) return i.resource;
  const a = i.action as Record<string, string | undefined>;
  return [a.repository && a.branch ? `${a.repository}@${a.branch}` : a.repository, a.environment].filter(Boolean).join(" · ");
}

/** Shortcut letters are text there; a focused checkbox or button still takes j/k/a/d. */
function isTyping(t: EventTarget | null) {
  const el = t as HTMLElement | null;
  if (!el) return false;
  if (el.tagName === "INPUT") return !["checkbox", "radio", "button", "submit", "reset"].includes((el as HTMLInputElement).type);
  return el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable;
}

/** Enter on a focused control activates that control, not the queue shortcut. */
function isControl(t: EventTarget | null) {
  const el = t as HTMLElement | null;
  return !!el?.closest?.("button, a[href], input, select, textarea, summary");
}

/** Commands longer than this are clamped to two lines on the card until expanded. */
const LONG = 90;

/**
 * `at` is when the server read `initial`: the first render computes waiting times and the
 * order from it on both sides, so the server HTML and the hydrating client agree (#418).
 */
export function ApprovalQueue({
  initial,
  initialHidden = 0,
  all = false,
  at,
  canDecide,
  canKill,
  me,
}: {
  initial: ApprovalItem[];
  initialHidden?: number;
  /** everything waiting (?scope=all), not only what this person may decide */
  all?: boolean;
  at: number;
  canDecide: boolean;
  canKill: boolean;
  me: string;
}) {
  const qc = useQueryClient();
  const {
    data: { items: polled, hidden } = { items: [], hidden: 0 },
    error,
    dataUpdatedAt,
  } = useQuery({
    queryKey: [...KEY, all ? "all" : "mine"],
    queryFn: () => fetchQueue(all),
    initialData: { items: initial, hidden: initialHidden },
    initialDataUpdatedAt: at,
    refetchInterval: 2000,
    staleTime: 0,
  });
  // The cursor is a request, not a position: the list reorders as requests wait and arrive, and
  // a/d must act on the request the person picked. `index` is where it was, for when it leaves.
  const [cursor, setCursor] = useState<{ id: string | null; index: number }>({ id: null, index: 0 });
  const [open, setOpen] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<{ mode: DialogMode; item?: ApprovalItem } | null>(null);
  const [actionError, setActionError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, start] = useTransition();
  // The poll's timestamp drives the "waiting"/"expires in" labels (render stays pure).
  const now = dataUpdatedAt;
  // The order is the priority each card shows (risk + waiting bonus at this poll's time).
  const items = useMemo(() => byPriority(polled, now), [polled, now]);
  // Requests that were not in the list the page opened with are marked new for two minutes.
  const [openedWith] = useState(() => new Set(initial.map((i) => i.id)));
  const isNew = (i: ApprovalItem) => !openedWith.has(i.id) && now - new Date(i.createdAt).getTime() < NEW_FOR_MS;
  // The tab shows how many wait, for an approver who keeps it open in the background.
  useEffect(() => {
    const before = document.title;
    document.title = items.length ? `(${items.length}) Approvals · Gatehouse` : "Approvals · Gatehouse";
    return () => {
      document.title = before;
    };
  }, [items.length]);
  const cursorAt = cursor.id === null ? -1 : items.findIndex((i) => i.id === cursor.id);
  const currentIndex = cursorAt >= 0 ? cursorAt : Math.min(cursor.index, items.length - 1);
  const current = items[currentIndex];
  const own = (i?: ApprovalItem) => !!i?.initiatedBy && i.initiatedBy.toLowerCase() === me.toLowerCase();
  // the server says per request whether this person may decide it (named approvers, N of M)
  const notMine = (i?: ApprovalItem) => !!i && i.mayDecide === false && !own(i);
  const ids = useMemo(() => new Set(items.map((i) => i.id)), [items]);
  const selectedLive = [...selected].filter((id) => ids.has(id));

  const openDialog = useCallback(
    (mode: DialogMode, item?: ApprovalItem) => {
      if (!canDecide && mode !== "kill") return;
      if ((mode === "approve" || mode === "deny") && own(item)) {
        setNotice("You initiated this request: someone else must decide it.");
        return;
      }
      if ((mode === "approve" || mode === "deny") && notMine(item)) {
        setNotice(item?.eligibility ?? "You may not decide this request.");
        return;
      }
      setActionError(undefined);
      setDialog({ mode, item });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [canDecide, me],
  );

  // j/k move keyboard focus with the cursor (to the request's summary button), so screen
  // readers announce the request and Tab continues from it; a poll alone never moves focus.
  const focusOnMove = useRef(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (dialog || isTyping(e.target) || e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === "j" || e.key === "k") {
        focusOnMove.current = true;
        const index = e.key === "j" ? Math.min(currentIndex + 1, Math.max(items.length - 1, 0)) : Math.max(currentIndex - 1, 0);
        setCursor({ id: items[index]?.id ?? null, index });
        requestAnimationFrame(() => (focusOnMove.current = false)); // at the list's end nothing moved
      } else if (e.key === "Enter" && current && !isControl(e.target)) setOpen((o) => (o === current.id ? null : current.id));
      else if (e.key === "a" && current) openDialog("approve", current);
      else if (e.key === "d" && current) openDialog("deny", current);
      else if (e.key === "x" && current)
        setSelected((s) => {
          const n = new Set(s);
          if (n.has(current.id)) n.delete(current.id);
          else n.add(current.id);
          return n;
        });
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [dialog, items, currentIndex, current, openDialog]);

  const currentId = current?.id;
  useEffect(() => {
    const el = document.getElementById(currentId ? `approval-${currentId}` : "");
    el?.scrollIntoView({ block: "nearest" });
    if (focusOnMove.current) el?.querySelector<HTMLElement>("button[aria-expanded]")?.focus();
    focusOnMove.current = false;
  }, [currentId]);

  function confirm(reason: string) {
    if (!dialog) return;
    start(async () => {
      const { mode, item } = dialog;
      const r =
        mode === "bulk-deny"
          ? await bulkDenyAction({ ids: selectedLive, reason })
          : mode === "kill"
            ? await killAgentFromQueueAction({ agentId: item!.agentId, reason })
            : await decideApprovalAction({ id: item!.id, decision: mode, reason });
      if (!r.ok) return setActionError(r.error);
      setDialog(null);
      if (mode === "bulk-deny") {
        const d = r.data as { denied: number; skipped: { id: string; error?: string }[] };
        setSelected(new Set());
        setNotice(`Denied ${d.denied}.${d.skipped.length ? ` Skipped ${d.skipped.length}: ${d.skipped[0].error}` : ""}`);
      } else if (mode === "kill") {
        const d = r.data as { agent: string; cancelledApprovals: number };
        setNotice(`Agent ${d.agent} is stopped; ${d.cancelledApprovals} pending request(s) cancelled.`);
      } else {
        const d = r.data as { status: string; approvals?: number; approvalsRequired?: number };
        setNotice(
          d.status === "pending"
            ? `Your approval is recorded: ${d.approvals} of ${d.approvalsRequired}. It waits for another approver.`
            : `${mode === "approve" ? "Approved" : "Denied"}.`,
        );
      }
      await qc.invalidateQueries({ queryKey: KEY });
    });
  }

  return (
    <div className="space-y-3">
      <p className="text-xs text-muted-foreground" id="queue-help">
        Keyboard: <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> open · <kbd>a</kbd> approve · <kbd>d</kbd> deny · <kbd>x</kbd> select · refreshes every 2 s
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-sm" aria-live="polite">
          {items.length} pending
        </span>
        <span className="text-xs text-muted-foreground">· highest priority first: risk, plus a point per minute waited (up to 30)</span>
        {canDecide && (all || hidden > 0) ? (
          <Link className="text-xs underline" href={all ? "/approvals" : "/approvals?scope=all"} data-testid="queue-scope">
            {all ? "Show only what I may decide" : `${hidden} more wait for other approvers — show all`}
          </Link>
        ) : null}
        {canDecide ? (
          <Button size="sm" variant="destructive" disabled={selectedLive.length === 0} onClick={() => openDialog("bulk-deny")}>
            Deny selected ({selectedLive.length})
          </Button>
        ) : null}
        {error ? (
          <span role="alert" className="text-sm text-destructive">
            {(error as Error).message}
          </span>
        ) : null}
        {notice ? (
          <span role="status" className="text-sm">
            {notice}
          </span>
        ) : null}
      </div>
      {items.length === 0 ? (
        <EmptyState title="Nothing waiting">New gated actions appear here within a few seconds.</EmptyState>
      ) : (
        <ul className="space-y-2" aria-label="Pending approval requests" aria-describedby="queue-help">
          {items.map((item, idx) => {
            const isCurrent = current?.id === item.id;
            const isOpen = open === item.id;
            const prio = priorityText(item, now);
            return (
              <li
                key={item.id}
                id={`approval-${item.id}`}
                data-testid="approval-item"
                aria-current={isCurrent ? "true" : undefined}
                className={cn("rounded-lg border border-border bg-card p-3", isCurrent && "ring-2 ring-primary")}
                onClick={() => setCursor({ id: item.id, index: idx })}
                onFocus={() => setCursor({ id: item.id, index: idx })} // Tab into a request makes it the one a/d act on
              >
                <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:gap-3">
                  <div className="flex min-w-0 flex-1 items-start gap-3">
                    <input
                      type="checkbox"
                      className="mt-1.5"
                      aria-label={`Select request ${item.actionType} by ${item.agentSlug}`}
                      checked={selected.has(item.id)}
                      onChange={(e) =>
                        setSelected((s) => {
                          const n = new Set(s);
                          if (e.target.checked) n.add(item.id);
                          else n.delete(item.id);
                          return n;
                        })
                      }
                    />
                    <div className="min-w-0 flex-1 space-y-1">
                      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                        <Badge tone={riskTone(item.risk)} title={`Priority ${prio.total} = ${prio.parts}`} data-testid="priority">
                          priority {prio.total}
                        </Badge>
                        <ProgressBadge item={item} />
                        {isNew(item) ? (
                          <Badge tone="info" data-testid="new-request" title="Arrived while this page was open">
                            new
                          </Badge>
                        ) : null}
                        <button type="button" className="min-w-0 text-left" aria-expanded={isOpen} onClick={() => setOpen(isOpen ? null : item.id)}>
                          <span className="font-medium">{item.agentSlug}</span> wants <code>{item.actionType}</code>
                        </button>
                        <span className="text-xs text-muted-foreground">
                          waiting {waited(item, now)} · expires in {expiresIn(item, now)}
                        </span>
                      </div>
                      <p className={cn("break-all font-mono text-xs text-muted-foreground", !isOpen && "line-clamp-2")} data-testid="approval-summary">
                        {summary(item)}
                      </p>
                      {summary(item).length > LONG ? (
                        <button type="button" className="text-xs underline" onClick={() => setOpen(isOpen ? null : item.id)}>
                          {isOpen ? "Show less" : "Show all and the evidence"}
                        </button>
                      ) : null}
                    </div>
                  </div>
                  {canDecide && !notMine(item) ? (
                    <div className="flex shrink-0 gap-2 pl-7 sm:pl-0">
                      <Button
                        size="sm"
                        disabled={own(item)}
                        title={own(item) ? "You initiated this request" : undefined}
                        onClick={() => openDialog("approve", item)}
                      >
                        Approve
                      </Button>
                      <Button size="sm" variant="outline" disabled={own(item)} onClick={() => openDialog("deny", item)}>
                        Deny
                      </Button>
                    </div>
                  ) : null}
                </div>
                {own(item) ? <p className="mt-1 text-xs text-muted-foreground">You initiated this request, so someone else must decide it.</p> : null}
                {canDecide && notMine(item) ? (
                  <p className="mt-1 text-xs text-muted-foreground" data-testid="not-eligible">
                    {item.eligibility}
                  </p>
                ) : null}
                {isOpen ? (
                  <div className="mt-3 border-t border-border pt-3">
                    <Evidence item={item} now={now}>
                      <Link className="text-sm underline" href={`/approvals/${item.id}`}>
                        Open the request&apos;s page
                      </Link>
                      {canKill && item.agentStatus === "active" ? (
                        <Button size="sm" variant="destructive" className="ml-auto" onClick={() => openDialog("kill", item)}>
                          Kill {item.agentSlug}…
                        </Button>
                      ) : null}
                    </Evidence>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      <ReasonDialog
        // a fresh dialog per decision: the last reason typed must never carry over to the next one
        key={dialog ? `${dialog.mode}:${dialog.item?.id ?? "selection"}` : "closed"}
        mode={dialog?.mode ?? null}
        title={dialog?.mode === "kill" ? `Kill ${dialog.item?.agentSlug}?` : undefined}
        subject={
          dialog?.mode === "bulk-deny"
            ? `${selectedLive.length} request(s) will be denied.`
            : dialog?.mode === "kill"
              ? `${dialog.item?.agentSlug} is suspended at once: its later decisions are denied and its pending requests cancelled.`
              : dialog?.item
                ? `${dialog.item.agentSlug}: ${dialog.item.actionType} ${dialog.item.command ?? dialog.item.resource ?? ""}`
                : ""
        }
        pending={pending}
        error={actionError}
        onConfirm={confirm}
        onClose={() => setDialog(null)}
      />
    </div>
  );
}
