// Small display helpers shared by the agents views (server and client).
// "short": dense lists (the agents table at 1440 px) say "5 min ago", "3 h ago".
const SHORT_UNIT: Record<string, string> = { second: "s", minute: "min", hour: "h", day: "d" };
export function relTime(d: Date | string | null | undefined, now = Date.now(), style: "long" | "short" = "long"): string {
  if (!d) return "never";
  const t = typeof d === "string" ? Date.parse(d) : d.getTime();
  const s = Math.round((now - t) / 1000);
  const abs = Math.abs(s);
  const f = (n: number, u: string) => (style === "short" ? `${n} ${SHORT_UNIT[u]}` : `${n} ${u}${n === 1 ? "" : "s"}`);
  const v =
    abs < 60
      ? f(abs, "second")
      : abs < 3600
        ? f(Math.round(abs / 60), "minute")
        : abs < 86400
          ? f(Math.round(abs / 3600), "hour")
          : f(Math.round(abs / 86400), "day");
  return s >= 0 ? `${v} ago` : `in ${v}`;
}

export const riskTone = { low: "neutral", medium: "warn", high: "bad" } as const;

export { fmtDateTime as fmtDate } from "@/lib/ui/time";
