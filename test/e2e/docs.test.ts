/**
 * `/docs` in a real browser: Debian's Chromium, driven by playwright-core, loads the page that
 * `npm start`'s composition serves, and every operation of the document must be on it, with no
 * request leaving the service.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { loadConfig } from '../../service/src/config';
import { type LocalService, startLocalService } from '../../service/src/entry/local';
import { openapiDocument } from '../../service/src/generated/openapi-document';
import { silentLogger } from '../../service/src/logger';
import { startTestService } from '../helpers/service';

jest.setTimeout(120_000);

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(__dirname, '..', '..', 'test-output');
const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;

/** Every operation's summary, beta and extension alike, as the document states them. */
function documentedSummaries(): string[] {
  return Object.values(openapiDocument.paths).flatMap((item) =>
    METHODS.flatMap((method) => {
      const operation = (item as Record<string, { summary?: string } | undefined>)[method];
      return operation?.summary ? [operation.summary] : [];
    }),
  );
}

describe('/docs, the API reference', () => {
  let service: LocalService;
  let browser: BrowserContext;
  let profileDir: string;

  beforeAll(async () => {
    const env = { DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT, TABLE_NAME: process.env.TABLE_NAME, PORT: '0' };
    service = await startLocalService(loadConfig({ ...env, SEGMENTS_TOKENS: 'docs-test-token:docs-test:read-only' }), silentLogger);
    profileDir = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
    browser = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    rmSync(profileDir, { recursive: true, force: true });
  });

  it('renders every operation of the document from assets the service serves itself', async () => {
    const requested: string[] = [];
    const page = await browser.newPage();
    page.on('request', (request) => requested.push(request.url()));
    const summaries = documentedSummaries();

    await page.goto(`${service.origin}/docs`);
    await page.waitForSelector('.opblock-summary-description', { timeout: 60_000 });
    const shown = await page.locator('.opblock-summary-description').allInnerTexts();
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'docs.png'), fullPage: true });

    expect(summaries.length).toBeGreaterThanOrEqual(11);
    expect(shown.map((text) => text.trim()).sort()).toEqual([...summaries].sort());
    expect(page.url()).toBe(`${service.origin}/docs/`);
    expect(requested.filter((url) => !url.startsWith(`${service.origin}/`) && !url.startsWith('data:'))).toEqual([]);
    expect(requested).toEqual(
      expect.arrayContaining([`${service.origin}/docs/swagger-ui-bundle.js`, `${service.origin}/docs/openapi.json`]),
    );
  });

  it('redirects /docs to docs/ with a relative Location, so a stage prefix is kept', async () => {
    const response = await fetch(`${service.origin}/docs`, { redirect: 'manual' });

    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('docs/');
  });

  it('is not served by an app built without docs (the Lambda without DOCS_ENABLED)', async () => {
    const plain = await startTestService();
    try {
      const response = await fetch(`${plain.origin}/docs/`);

      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ status: 404 });
    } finally {
      await plain.stop();
    }
  });

  it('serves the document it renders, and nothing of swagger-ui-dist beyond the page assets', async () => {
    const json = await fetch(`${service.origin}/docs/openapi.json`);
    const other = await fetch(`${service.origin}/docs/swagger-initializer.js`);

    expect(json.status).toBe(200);
    expect(await json.json()).toEqual(JSON.parse(JSON.stringify(openapiDocument)));
    expect(other.status).toBe(404);
  });
});
