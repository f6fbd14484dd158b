import { accessSync, constants } from 'node:fs';
import chromium from '@sparticuz/chromium';
import { type BrowserContext, chromium as playwright } from 'playwright-core';

/** Flags for a headless run that sends nothing anywhere but the page's own origin. */
const QUIET_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--no-zygote',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A failure that jest prints as its one line (no stack: where it was thrown says nothing to the reader). */
function oneLine(message: string): Error {
  const error = new Error(message);
  error.stack = `Error: ${message}`;
  return error;
}

/**
 * The Chromium the browser tests drive (through playwright-core, which downloads no browser):
 * `CHROMIUM_PATH` when it is set, or else the headless Chromium that the @sparticuz/chromium
 * package carries inside itself (brotli-compressed, Linux x64, needing nothing beyond glibc),
 * so `npm ci` brings it; it is unpacked into the temporary folder (`/tmp/chromium`) on first use.
 * When there is none, this says in one line what is missing.
 */
export async function chromiumExecutable(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const configured = env.CHROMIUM_PATH;
  if (configured) {
    try {
      accessSync(configured, constants.X_OK);
      return configured;
    } catch {
      throw oneLine(`No browser for this test: CHROMIUM_PATH=${configured} is not an executable file.`);
    }
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw oneLine(
      `No browser for this test: @sparticuz/chromium (installed by npm ci) carries a Chromium for Linux x64 only, this is ${process.platform} ${process.arch}; set CHROMIUM_PATH to a Chromium or Chrome binary.`,
    );
  }
  try {
    return await chromium.executablePath();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw oneLine(
      `No browser for this test: @sparticuz/chromium could not unpack its Chromium (${reason}); run npm ci, or set CHROMIUM_PATH.`,
    );
  }
}

/** A headless Chromium (`chromiumExecutable`) with its profile in `profileDir`; a failure to start is one line too. */
export async function launchChromium(profileDir: string): Promise<BrowserContext> {
  const executablePath = await chromiumExecutable();
  try {
    return await playwright.launchPersistentContext(profileDir, { executablePath, headless: true, args: QUIET_CHROMIUM_ARGS });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw oneLine(`The browser for this test did not start (${executablePath}): ${reason}`);
  }
}
