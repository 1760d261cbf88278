/**
 * Chromium features the counter's shell turns off (electron/main.ts). The UI tests' Chromium turns
 * them off too (test/support/browser.ts), so that the tests drive the page as the shell runs it.
 *
 * DeferRendererTasksAfterInput: after a click or a key press, Chromium holds back the page's
 * non-rendering tasks until a frame has been drawn. The answer to a save is such a task (a message
 * from the back end), so the clerk's confirmation waited for that frame: the answer's way back took
 * up to 18 ms on the day's anagrafe saves, and under 7 ms without (scenario, full day).
 */
export const DISABLED_CHROMIUM_FEATURES = ['DeferRendererTasksAfterInput'];
