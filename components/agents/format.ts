// Small display helpers shared by the agents views (server and client).
export function relTime(d: Date | string | null | undefined, now = Date.now()): string {
  if (!d) return "never";
  const t = typeof d === "string" ? Date.parse(d) : d.getTime();
  const s = Math.round((now - t) / 1000);
  const abs = Math.abs(s);
  const f = (n: number, u: string) => `${n} ${u}${n === 1 ? "" : "s"}`;
  const v = abs < 60 ? f(abs, "second") : abs < 3600 ? f(Math.round(abs / 60), "minute") : abs < 86400 ? f(Math.round(abs / 3600), "hour") : f(Math.round(abs / 86400), "day");
  return s >= 0 ? `${v} ago` : `in ${v}`;
}

export const riskTone = { low: "neutral", medium: "warn", high: "bad" } as const;

export { fmtDateTime as fmtDate } from "@/lib/ui/time";
