/** Shown on Policies when the active document was written in an older format and migrated on load. */
export function MigrationNotice({ changes }: { changes: string[] }) {
  if (changes.length === 0) return null;
  return (
    <div role="status" className="rounded-lg border border-border bg-muted/40 p-3 text-sm" data-testid="policy-migration">
      <p className="font-medium">This policy was written in an older format and is migrated when it is loaded:</p>
      <ul className="mt-1 list-disc pl-5">
        {changes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <p className="mt-1 text-muted-foreground">Saving it again stores it in the current format.</p>
    </div>
  );
}
