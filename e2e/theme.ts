import { expect, type Page } from "@playwright/test";

// The theme is CSS only: the script in app/layout.tsx puts the `dark` class on <html> before
// paint, globals.css switches the colour variables (and `color-scheme`) on it, and nothing in
// the app computes a colour in JavaScript. So a page loaded in the light theme and switched to
// dark by the class is the page a dark load shows — without loading and settling it again.

export type Theme = "light" | "dark";

/** Before the page's scripts run: the theme the page starts in (whatever the OS prefers). */
export async function startIn(page: Page, theme: Theme) {
  // not on about:blank (signInAs leaves the page there), which has no localStorage
  await page.addInitScript((t) => {
    if (location.protocol.startsWith("http")) localStorage.setItem("theme", t);
  }, theme);
}

/**
 * Switches the loaded page to `theme` as the theme toggle does (the class on <html>), waits until
 * every colour transition has finished, and checks that the page really is in that theme: the
 * computed `color-scheme` and, after a switch, a different body background than before it.
 */
export async function switchTheme(page: Page, theme: Theme) {
  const before = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const dark = theme === "dark";
  const wasDark = await page.evaluate((d) => {
    const html = document.documentElement;
    const was = html.classList.contains("dark");
    html.classList.toggle("dark", d);
    return was;
  }, dark);
  // getAnimations() flushes the style change first, so the transitions it starts are listed
  await page.evaluate(async () => {
    const transitions = document.getAnimations().filter((a) => a instanceof CSSTransition);
    await Promise.all(transitions.map((a) => a.finished.catch(() => undefined)));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
  await expect(page.locator("html")).toHaveClass(dark ? /(^|\s)dark(\s|$)/ : /^(?!.*\bdark\b).*$/);
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe(theme);
  const after = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  if (wasDark !== dark) expect(after, `the body background changes with the switch to ${theme}`).not.toBe(before);
}
