// Headless Debian Chromium driven by playwright-core (no browser download: the system one).
import * as fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { HarnessError } from './codeServer';

export const CHROMIUM = process.env.PLANLOOP_CHROMIUM ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new HarnessError(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium`);
  try {
    return await chromium.launch({
      executablePath: CHROMIUM,
      timeout: 60_000,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
  } catch (error) {
    throw new HarnessError(`Chromium at ${CHROMIUM} failed to start: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** Opens the workbench and waits (bounded) until it has rendered. */
export async function openWorkbench(browser: Browser, url: string, timeoutMs = 90_000): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url, { timeout: timeoutMs });
  await page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
  return page;
}
