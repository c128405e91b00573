import type { Locator } from "@playwright/test";
import { expect, signInAs, test } from "./fixtures";

// The agents list and the approvals history at 1440 px: one line per item, no cell cut off by
// (or sticking out of) its table, no horizontal scrolling, names never wrapped.

test.use({ viewport: { width: 1440, height: 900 } });

/** Per row: the cells whose text runs over more than one line, and cells outside the table's box. */
async function layoutProblems(table: Locator) {
  return table.evaluate((t: HTMLTableElement) => {
    const wrapper = t.parentElement!;
    const box = wrapper.getBoundingClientRect();
    const problems: string[] = [];
    if (wrapper.scrollWidth > wrapper.clientWidth + 1) problems.push(`the table scrolls sideways: ${wrapper.scrollWidth} > ${wrapper.clientWidth}`);
    t.querySelectorAll("tbody tr").forEach((tr, i) => {
      tr.querySelectorAll("td").forEach((td, j) => {
        const r = td.getBoundingClientRect();
        if (r.width === 0) return; // a column hidden at this width
        if (r.left < box.left - 1 || r.right > box.right + 1) problems.push(`row ${i} cell ${j} outside the table`);
        // every piece of text in the cell sits on the first piece's line
        const range = document.createRange();
        range.selectNodeContents(td);
        const rects = [...range.getClientRects()].filter((x) => x.width > 0 && x.height > 0);
        if (rects.length === 0) return;
        const first = rects[0];
        const off = rects.find((x) => {
          const mid = (x.top + x.bottom) / 2;
          return mid < first.top - 1 || mid > first.bottom + 1;
        });
        if (off) problems.push(`row ${i} cell ${j} wraps: "${(td.textContent ?? "").trim().slice(0, 60)}"`);
      });
    });
    return problems;
  });
}

test("the agents list is one line per agent at 1440 px, with nothing cut off or scrolled sideways", async ({ page }) => {
  await signInAs(page, "security_lead"); // with the kill switch column, the widest list
  await page.goto("/agents");
  const table = page.getByTestId("agents-table");
  await expect(table.locator("tbody tr").nth(9)).toBeVisible();
  expect(await layoutProblems(table)).toEqual([]);
  // the rows are as tall as one line of badges and buttons, not several lines of text
  const heights = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect().height));
  expect(Math.max(...heights)).toBeLessThan(2 * Math.min(...heights));
  // names are shown whole where the other columns leave room: most names are not truncated
  const cut = await table.locator("tbody tr td:first-child a").evaluateAll((as) => as.filter((a) => a.scrollWidth > a.clientWidth + 1).length);
  const count = await table.locator("tbody tr").count();
  expect(cut).toBeLessThanOrEqual(Math.floor(count / 4));
});

test("the approvals history is one line per request at 1440 px, with nothing cut off or scrolled sideways", async ({ page }) => {
  await signInAs(page, "approver");
  await page.goto("/approvals?tab=history");
  const table = page.getByTestId("history-table");
  await expect(table.locator("tbody tr").nth(9)).toBeVisible();
  expect(await layoutProblems(table)).toEqual([]);
  const heights = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect().height));
  expect(Math.max(...heights)).toBeLessThan(2 * Math.min(...heights));
  // a truncated command or reason is there in full on hover
  const titled = await table
    .locator("tbody tr td span[title], tbody tr td[title]")
    .evaluateAll((els) => els.filter((e) => (e as HTMLElement).title === (e.textContent ?? "").trim()).length);
  expect(titled).toBeGreaterThan(0);
});
