// Short mode (npm test / CI) and long mode (FAULTS_LONG=1, see lib/faults/README.md).
export interface FaultMode {
  long: boolean;
  /** PostgreSQL crash/restart cycles */
  restarts: number;
  /** load around each crash (half before, half after) */
  loadMs: number;
  /** how long PostgreSQL stays down in cycle i */
  downMs(i: number): number;
  /** PGlite: SIGKILL delays (ms after the batch was sent) */
  killDelays: number[];
  timeoutMs: number;
}

export function faultMode(): FaultMode {
  const long = process.env.FAULTS_LONG === "1";
  if (long) {
    const downs = [2000, 500, 5000, 1000, 8000, 300, 3000, 1500];
    return {
      long,
      restarts: 8,
      loadMs: 12_000,
      downMs: (i) => downs[i % downs.length],
      killDelays: [0, 5, 20, 50, 100, 200, 400, 800, 1500, 30, 75, 150],
      timeoutMs: 900_000,
    };
  }
  return { long, restarts: 1, loadMs: 10_000, downMs: () => 2000, killDelays: [5, 150, 600, 1500], timeoutMs: 90_000 };
}
