"use client";
// The editor parses and diffs YAML in the browser (the yaml library, zod, the rules as rows):
// ~65 KB gzip that only the Edit tab needs. Loaded as its own chunk when that tab renders, so
// the first-load JavaScript of /policies stays in budget. The placeholder keeps the space.
import dynamic from "next/dynamic";
import type { ComponentProps } from "react";
import type { PolicyEditor as PolicyEditorT } from "./editor";

const Editor = dynamic(() => import("./editor").then((m) => m.PolicyEditor), {
  ssr: false,
  loading: () => <div aria-hidden="true" className="h-[40rem] w-full animate-pulse rounded-md bg-muted" />,
});

export function LazyPolicyEditor(props: ComponentProps<typeof PolicyEditorT>) {
  return <Editor {...props} />;
}
