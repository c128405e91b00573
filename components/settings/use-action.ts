"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/auth/action";

/** Runs a server action, keeps its error/field errors, refreshes server data on success. */
export function useServerAction<I, T>(action: (input: I) => Promise<ActionResult<T>>) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<ActionResult<T> | null>(null);
  function run(input: I, onSuccess?: (data: T) => void) {
    start(async () => {
      const r = await action(input);
      setResult(r);
      if (r.ok) {
        onSuccess?.(r.data);
        router.refresh();
      }
    });
  }
  const fieldErrors = result && !result.ok ? result.fieldErrors : undefined;
  const error = result && !result.ok ? result.error : undefined;
  return { run, pending, result, error, fieldErrors };
}
