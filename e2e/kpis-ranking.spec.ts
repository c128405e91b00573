import { expect, signInAs, test } from "./fixtures";

// "Which agent is worst?" — the engineering manager reads the agents ranked by defect escape
// and change failure rate: small samples marked and after the rest, sortable and filterable,
// each rate with its numerator/denominator and 95 % interval; no per-agent adoption chart.
test("agents ranked worst first by escape and failure rate, respecting the sample", async ({ page }) => {
  await signInAs(page, "eng_manager");
  await page.goto("/kpis?window=90&cohort=agent");
  const worst = page.getByTestId("worst-cohorts");
  await expect(worst.getByRole("heading", { name: "Worst agents first" })).toBeVisible();
  for (const id of ["der", "cfr"]) {
    const table = page.getByTestId(`cohort-table-${id}`);
    const rows = table.getByTestId("cohort-row");
    await expect(rows.first()).toBeVisible();
    const flags = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-small-sample") === "true"));
    expect(flags.length).toBeGreaterThan(3);
    // every small sample comes after every ranked one
    expect(flags.indexOf(true) === -1 || flags.slice(flags.indexOf(true)).every(Boolean)).toBe(true);
    // n / d and the interval on each row
    await expect(rows.first()).toContainText(/\d+ \/ \d+/);
    await expect(rows.first()).toContainText(/\d+\.\d% – \d+\.\d%/);
  }

  // sortable: by rate, highest first on the second click
  const der = page.getByTestId("cohort-table-der");
  const rateHeader = der.getByRole("columnheader", { name: /Rate/ });
  await expect(async () => {
    await rateHeader.getByRole("button").click();
    await expect(rateHeader).toHaveAttribute("aria-sort", /ascending|descending/, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  if ((await rateHeader.getAttribute("aria-sort")) !== "descending") await rateHeader.getByRole("button").click();
  await expect(rateHeader).toHaveAttribute("aria-sort", "descending");
  const rates = (await der.getByTestId("cohort-row").evaluateAll((trs) => trs.map((tr) => tr.children[2]?.textContent ?? ""))).map((t) =>
    t === "—" ? -1 : parseFloat(t),
  );
  expect(rates).toEqual([...rates].sort((a, b) => b - a));

  // filterable by name
  const all = await der.getByTestId("cohort-row").count();
  const first = (await der.getByTestId("cohort-row").first().locator("td").nth(1).textContent())!;
  await der.getByLabel("Filter").fill(first);
  // a case-insensitive substring filter: "agent-1" also keeps "agent-10", "Devin" keeps "data-refactor-devin"
  await expect.poll(() => der.getByTestId("cohort-row").count()).toBeLessThan(all);
  for (const name of await der.getByTestId("cohort-row").evaluateAll((trs) => trs.map((tr) => tr.children[1]?.textContent ?? "")))
    expect(name.toLowerCase()).toContain(first.toLowerCase());

  // adoption per agent is 100 % for everyone: not charted
  await expect(page.getByTestId("adoption-per-agent-note")).toBeVisible();
  await expect(page.getByTestId("kpi-adoption")).toHaveCount(0);
});
