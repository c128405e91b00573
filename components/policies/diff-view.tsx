/** A line diff (lib/policy/diff.ts), added lines green and removed red; scrollable and focusable. */
export function DiffView({ diff, label, testId }: { diff: string; label: string; testId?: string }) {
  return (
    // a scrollable region must be reachable by keyboard (axe scrollable-region-focusable)
    <pre tabIndex={0} aria-label={label} data-testid={testId} className="max-h-96 overflow-auto rounded bg-muted p-2 text-xs">
      {diff.split("\n").map((l, i) => (
        <span
          key={i}
          data-change={l.startsWith("+") ? "added" : l.startsWith("-") ? "removed" : undefined}
          className={l.startsWith("+") ? "text-green-700 dark:text-green-400" : l.startsWith("-") ? "text-red-700 dark:text-red-400" : undefined}
        >
          {l}
          {"\n"}
        </span>
      ))}
    </pre>
  );
}
