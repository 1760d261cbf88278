import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium } from '../support/browser';
import { layoutProblems } from '../support/geometry';
import { englishOnScreen } from '../support/language';

/** The measure the screens test relies on, on pages built to break it one way at a time. */
describe.skipIf(!CHROMIUM)('layoutProblems finds what a clerk would see as broken, and only that', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  });
  afterAll(async () => browser?.close());

  const kinds = async (body: string) => {
    await page.setContent(`<!doctype html><html><body style="margin:0;font:16px sans-serif">${body}</body></html>`);
    return (await layoutProblems(page)).map((p) => p.kind);
  };

  it('a clean form: label above its field, a wide table scrolling in its box, screen-reader text', async () => {
    expect(
      await kinds(`
        <h1>Titolo</h1>
        <div><label for="a">Cognome</label><input id="a" type="text" style="display:block;width:300px"></div>
        <div style="overflow-x:auto;width:400px;position:relative"><table style="width:1200px"><tr><td>molto largo
          <span style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)">nascosto</span></td></tr></table></div>
        <button><span>Salva</span></button>`),
    ).toEqual([]);
  });

  it('a label drawn over the heading above it', async () => {
    expect(await kinds(`<h1 style="margin:0">Titolo</h1><label style="position:relative;top:-20px">Cognome</label>`)).toEqual(['overlap']);
  });

  it('a label drawn over a field', async () => {
    expect(
      await kinds(`<div style="position:relative"><input type="text"><label style="position:absolute;left:0;top:0">Cognome</label></div>`),
    ).toEqual(['overlap']);
  });

  it('a button past the right edge of a page that hides its overflow', async () => {
    expect(
      await kinds(
        `<div style="overflow-x:hidden"><div style="display:flex;width:900px"><span>Operatore</span><button style="margin-left:auto">Esci</button></div></div>`,
      ),
    ).toEqual(['past-edge']);
  });

  it('an input with no border, invisible while empty', async () => {
    expect(await kinds(`<label for="a">Cognome</label><input id="a" style="border:0;display:block">`)).toEqual(['invisible-field']);
  });

  it('a checkbox whose label is drawn over it (a click on the box never reaches the input)', async () => {
    const check = (style: string) =>
      kinds(`<div style="position:relative"><input id="c" type="checkbox" style="position:absolute;opacity:0;${style}">
        <label for="c" style="position:relative;padding-left:2rem">Cittadinanza italiana</label></div>`);
    expect(await check('left:9px;top:9px')).toEqual(['covered-control']);
    expect(await check('left:0;top:0;width:20px;height:20px;z-index:1')).toEqual([]);
  });

  it('a page wider than the window', async () => {
    expect(await kinds(`<div style="width:1000px;height:10px"></div>`)).toEqual(['overflow', 'past-edge']);
  });

  it('help text whose first line starts further in than the rest (an inline <small>)', async () => {
    expect(
      await kinds(
        `<div style="width:300px"><span>Nota:</span> <small class="form-text">Il codice fiscale della persona, sedici caratteri, come sulla tessera sanitaria.</small></div>`,
      ),
    ).toEqual(['indented-text']);
    expect(
      await kinds(
        `<div style="width:300px"><span>Nota:</span> <small class="form-text" style="display:block">Il codice fiscale della persona, sedici caratteri, come sulla tessera sanitaria.</small></div>`,
      ),
    ).toEqual([]);
  });
});

describe.skipIf(!CHROMIUM)('englishOnScreen finds what an English browser would put on an Italian screen', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium({ lang: 'en-US' });
    page = await browser.newPage();
  });
  afterAll(async () => browser?.close());

  const found = async (body: string) => {
    await page.setContent(`<!doctype html><html><body>${body}</body></html>`);
    return englishOnScreen(page);
  };

  it('an Italian screen: nothing', async () => {
    expect(
      await found(
        `<p>Nato il 20/04/1984 alle 08:30, aprile</p><input value="14:30"><input type="file" style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)" class="visually-hidden">`,
      ),
    ).toEqual([]);
  });

  it('each English thing, named', async () => {
    expect(await found(`<p>Born 1984-04-20 · 04/20/1984 · 02:30 PM · December</p>`)).toEqual([
      'ISO date "1984-04-20"',
      '"04/20/1984" is not gg/mm/aaaa',
      '12-hour time "02:30 PM"',
      'English "December"',
    ]);
    expect(await found(`<input type="time" value="08:30"><input type="date"><input type="file">`)).toEqual([
      'an <input type="time"> drawn in the browser\'s language',
      'an <input type="date"> drawn in the browser\'s language',
      'an <input type="file"> drawn in the browser\'s language',
    ]);
  });
});
