export interface Proof {
  tests_run?: string[];
  invariants?: string[];
  untested?: string[];
}

function List({ title, items, empty, testId }: { title: string; items: string[]; empty: string; testId: string }) {
  return (
    <div data-testid={testId}>
      <h3 className="text-sm font-semibold">
        {title} <span className="font-normal text-muted-foreground">({items.length})</span>
      </h3>
      {items.length === 0 ? (
        <p className="text-sm text-muted-foreground">{empty}</p>
      ) : (
        <details open={items.length <= 8}>
          <summary className="cursor-pointer text-xs text-muted-foreground">show</summary>
          <ul className="mt-1 list-disc pl-5 text-sm">
            {items.slice(0, 200).map((t, i) => (
              <li key={i}>{t}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** What the gates prove: tests run, invariants validated, failure modes left untested. */
export function ProofBundle({ proofs }: { proofs: Proof[] }) {
  const uniq = (k: keyof Proof) => [...new Set(proofs.flatMap((p) => p[k] ?? []))];
  return (
    <section aria-labelledby="proof-h" className="space-y-3" data-testid="proof-bundle">
      <h2 id="proof-h" className="text-lg font-semibold">
        Proof bundle
      </h2>
      {proofs.length === 0 ? (
        <p className="text-sm text-muted-foreground">No gate reported a proof bundle for this change.</p>
      ) : (
        <div className="grid gap-4 md:grid-cols-3">
          <List title="Tests run" items={uniq("tests_run")} empty="none reported" testId="proof-tests" />
          <List title="Invariants validated" items={uniq("invariants")} empty="none reported" testId="proof-invariants" />
          <List title="Failure modes left untested" items={uniq("untested")} empty="none declared" testId="proof-untested" />
        </div>
      )}
    </section>
  );
}
