import type { Locator, Page } from "@playwright/test";
import { expect, signInAs, test } from "./fixtures";

// The KPI charts as an engineering manager reads them: straight lines, one colour per cohort on
// every chart, axes fitted to the data, tooltips, no clipped labels, one cohort order everywhere.

const TRENDS = ["der", "cfr", "adoption"] as const;

async function legend(card: Locator) {
  return card
    .getByTestId("chart-legend")
    .locator("li")
    .evaluateAll((lis) => lis.map((li) => ({ key: li.getAttribute("data-series")!, color: li.getAttribute("data-color")! })));
}

async function openTeamKpis(page: Page) {
  await signInAs(page, "eng_manager");
  await page.goto("/kpis?window=90&cohort=team");
  for (const id of TRENDS) await expect(page.getByTestId(`kpi-${id}`).locator("path.recharts-line-curve").first()).toBeAttached();
  await expect(page.getByTestId("kpi-gates").locator(".recharts-scatter-symbol").first()).toBeAttached();
}

for (const cohort of ["team", "agent"] as const) {
  test(`trend lines are straight, each cohort keeps one colour on every chart, and the legend, lines and tables list cohorts in one order (${cohort} cohort)`, async ({
    page,
  }) => {
    await signInAs(page, "eng_manager");
    await page.goto(`/kpis?window=90&cohort=${cohort}`);
    // per agent there is no adoption chart (100 % for every agent); the agents differ between the two charts
    const charts = cohort === "agent" ? (["der", "cfr"] as const) : TRENDS;
    for (const id of charts) await expect(page.getByTestId(`kpi-${id}`).locator("path.recharts-line-curve").first()).toBeAttached();
    const seen = new Map<string, string>();
    let compared = 0;
    for (const id of charts) {
      const card = page.getByTestId(`kpi-${id}`);
      const items = await legend(card);
      expect(items.length, `${id} draws some cohorts`).toBeGreaterThan(1);
      // no colour twice on one chart
      expect(new Set(items.map((i) => i.color)).size).toBe(items.length);
      // the same colour for a cohort on every chart
      for (const { key, color } of items) {
        if (seen.has(key)) {
          expect(color, `${key} on ${id}`).toBe(seen.get(key));
          compared++;
        } else seen.set(key, color);
      }
      // the lines drawn are the legend's, in its order, and straight (no cubic/quadratic/arc commands)
      const paths = card.locator("path.recharts-line-curve");
      expect(await paths.evaluateAll((ps) => ps.map((p) => p.getAttribute("stroke")))).toEqual(items.map((i) => i.color));
      for (const d of await paths.evaluateAll((ps) => ps.map((p) => p.getAttribute("d") ?? ""))) {
        expect(d).toMatch(/^M/);
        expect(d).not.toMatch(/[CcSsQqTtAa]/);
      }
      // the window totals table lists cohorts in the legend's order (the legend is a subsequence)
      const totals = await card
        .locator("table")
        .last()
        .locator("tbody tr")
        .evaluateAll((trs) => trs.map((tr) => tr.children[0]?.textContent ?? ""));
      const sorted = [...totals].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
      expect(totals).toEqual(sorted);
      expect(totals.filter((k) => items.some((i) => i.key === k))).toEqual(items.map((i) => i.key));
    }
    // the cross-chart check compared something: some cohorts are on more than one chart
    expect(compared).toBeGreaterThan(0);
  });
}

test("the gate pass-rate axis is fitted to the rates (not 0–100 %), with readable ticks and a tooltip per gate", async ({ page }) => {
  await openTeamKpis(page);
  const chart = page.getByTestId("kpi-gates").locator("[data-chart=rate-dot]");
  const [lo, hi] = (await chart.getAttribute("data-domain"))!.split(",").map(Number);
  expect(lo).toBeGreaterThan(0);
  expect(hi).toBeLessThanOrEqual(1);
  // the ticks drawn say the same: the first is not 0 %, all are round percentages
  const ticks = await chart.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value").allTextContents();
  expect(ticks.length).toBeGreaterThanOrEqual(3);
  const values = ticks.map((t) => parseFloat(t));
  expect(values[0]).toBeGreaterThan(0);
  expect(ticks.every((t) => /^\d+(\.\d)?%$/.test(t))).toBe(true);
  // the gates are spread over the width, not equal
  const xs = await chart
    .locator(".recharts-scatter-symbol path, .recharts-scatter-symbol circle")
    .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().x)));
  expect(new Set(xs).size).toBeGreaterThan(1);

  await chart.scrollIntoViewIfNeeded();
  await chart.locator(".recharts-scatter-symbol").first().hover();
  await expect(page.getByTestId("chart-tooltip")).toContainText(/\d+ \/ \d+ runs/);
  await expect(page.getByTestId("chart-tooltip")).toContainText("95 % interval");
});

test("a trend chart's tooltip gives each cohort's rate with its numerator and denominator", async ({ page }) => {
  await openTeamKpis(page);
  const surface = page.getByTestId("kpi-cfr").locator("svg.recharts-surface").first();
  await surface.scrollIntoViewIfNeeded();
  const box = (await surface.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
  await expect(page.getByTestId("kpi-cfr").getByTestId("chart-tooltip")).toContainText(/week of \w{3} \d+/);
  await expect(page.getByTestId("kpi-cfr").getByTestId("chart-tooltip")).toContainText(/\(\d+ failed \/ \d+ merged\)/);
});

for (const cohort of ["team", "agent"]) {
  test(`no axis label is clipped by its chart (${cohort} cohort)`, async ({ page }) => {
    await signInAs(page, "eng_manager");
    await page.goto(`/kpis?window=90&cohort=${cohort}`);
    await expect(page.getByTestId("kpi-violations").locator(".recharts-bar-rectangle").first()).toBeAttached();
    await expect(page.getByTestId("kpi-gates").locator(".recharts-scatter-symbol").first()).toBeAttached();
    await expect(page.getByTestId("kpi-der").locator("path.recharts-line-curve").first()).toBeAttached();
    const clipped = await page.locator("svg.recharts-surface").evaluateAll((svgs) =>
      svgs.flatMap((svg) => {
        const s = svg.getBoundingClientRect();
        return [...svg.querySelectorAll(".recharts-cartesian-axis-tick-value")]
          .map((t) => ({ text: t.textContent ?? "", r: t.getBoundingClientRect() }))
          .filter(({ r }) => r.width > 0 && (r.left < s.left - 0.5 || r.right > s.right + 0.5 || r.top < s.top - 0.5 || r.bottom > s.bottom + 0.5))
          .map(({ text }) => text);
      }),
    );
    expect(clipped).toEqual([]);
  });
}
