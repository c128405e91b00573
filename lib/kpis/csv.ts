// CSV for the KPI tables: the one encoder (lib/util/csv.ts).
export { toCsv } from "@/lib/util/csv";
