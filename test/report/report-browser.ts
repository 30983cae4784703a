/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Opens a cucumber HTML report in Debian's headless Chromium and reads back every SVG picture it
 * shows, as the browser drew it: a report people look at has to render in a browser, not just hold
 * the bytes.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

/** Debian's chromium (or `RRLAB_CHROMIUM`), or undefined when the machine has none. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.RRLAB_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-headless-shell'];
  return candidates.find((path): path is string => !!path && existsSync(path));
}

/** One picture of the report as the browser rendered it. */
export interface RenderedPicture {
  /** The attachment's body, base64, as the report embeds it. */
  base64: string;
  width: number;
  height: number;
  /**
   * Pixels the browser inked (neither transparent nor near-white) when it drew the picture on a
   * canvas: boxes, lines and text, not the background. 0 for a picture that failed to render.
   */
  inkedPixels: number;
  /** Lab nodes the picture draws: the sum of its node boxes' member counts. */
  nodesDrawn: number;
}

const SVG_DATA_URL = 'data:image/svg+xml;base64,';

export async function picturesInReport(htmlPath: string, executablePath: string): Promise<RenderedPicture[]> {
  // Root in a container has no user namespace for Chromium's sandbox; the page is our own report.
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
    await page.waitForSelector('button[aria-expanded]', { timeout: 30_000 });
    // Features start collapsed; a scenario's attachments are in the page only once its feature opens.
    for (const button of await page.$$('button[aria-expanded="false"]')) await button.click();
    await page.waitForFunction(() => document.querySelectorAll('button[aria-expanded="false"]').length === 0);
    // Attachments made by an After hook sit behind the scenario's "N hooks" toggle.
    await page.evaluate(() => {
      for (const button of document.querySelectorAll('button'))
        if (/^\d+ hooks?$/.test(button.textContent?.trim() ?? '')) button.click();
    });
    return await page.evaluate(async (prefix: string) => {
      const images = [...document.querySelectorAll('img')].filter((img) => img.src.startsWith(prefix));
      return Promise.all(
        images.map(async (img) => {
          const base64 = img.src.slice(prefix.length);
          const picture = new Image();
          picture.src = img.src;
          await picture.decode();
          const canvas = document.createElement('canvas');
          canvas.width = picture.naturalWidth;
          canvas.height = picture.naturalHeight;
          const context = canvas.getContext('2d')!;
          context.drawImage(picture, 0, 0);
          const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
          let inkedPixels = 0;
          for (let i = 0; i < pixels.length; i += 4) {
            const [red, green, blue, alpha] = [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!, pixels[i + 3]!];
            if (alpha > 0 && Math.min(red, green, blue) < 230) inkedPixels++;
          }
          const svg = new DOMParser().parseFromString(atob(base64), 'image/svg+xml');
          const nodesDrawn = [...svg.querySelectorAll('g.node')].reduce(
            (sum, node) => sum + Number(node.getAttribute('data-members') ?? '1'),
            0,
          );
          return {
            base64,
            width: picture.naturalWidth,
            height: picture.naturalHeight,
            inkedPixels,
            nodesDrawn,
          };
        }),
      );
    }, SVG_DATA_URL);
  } finally {
    await browser.close();
  }
}
