import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

type Violation = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * axe (WCAG 2.1 A/AA) on the page as it is now: the serious and critical violations.
 * Run as axe.run in the page (legacy mode) instead of a partial run per frame that is finished in
 * a second, blank page, and with every node of a violation but no node lists for the rules that
 * pass: the same violations in half the time. Legacy mode does not test cross-origin frames, so
 * the page must have none (no view has a frame; this says so if one ever does).
 */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  expect(
    page.frames().map((f) => f.url()),
    "frames on the page (legacy-mode axe does not test cross-origin ones)",
  ).toHaveLength(1);
  const result = await new AxeBuilder({ page })
    .withTags(WCAG_TAGS)
    .setLegacyMode()
    .options({ resultTypes: ["violations"] })
    .analyze();
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}
