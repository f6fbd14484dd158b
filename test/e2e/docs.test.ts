/**
 * `/docs` over plain HTTP, and in a real browser: the Chromium that `npm ci` brings
 * (@sparticuz/chromium, or `CHROMIUM_PATH`), driven by playwright-core, loads the page that
 * `npm start`'s composition serves; every operation of the document must be on it, with no
 * request leaving the service, and its server list must be the origin that serves it.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { loadConfig } from '../../service/src/config';
import { type LocalService, startLocalService } from '../../service/src/entry/local';
import { openapiDocument } from '../../service/src/generated/openapi-document';
import { silentLogger } from '../../service/src/logger';
import { launchChromium } from '../helpers/browser';
import { startTestService } from '../helpers/service';

jest.setTimeout(120_000);

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

  beforeAll(async () => {
    // PORT 0: an ephemeral port, never npm start's 3000, so a page offering 3000 would be caught.
    const env = { DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT, TABLE_NAME: process.env.TABLE_NAME, PORT: '0' };
    service = await startLocalService(loadConfig({ ...env, SEGMENTS_TOKENS: 'docs-test-token:docs-test:read-only' }), silentLogger);
  });

  afterAll(async () => {
    await service?.stop();
  });

  describe('over plain HTTP', () => {
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
      expect(await json.json()).toEqual({ ...JSON.parse(JSON.stringify(openapiDocument)), servers: expect.any(Array) });
      expect(other.status).toBe(404);
    });

    it('offers as its server the origin that serves it, not the document’s localhost:3000, and a call through it is answered here', async () => {
      const documentUrl = `${service.origin}/docs/openapi.json`;
      const { servers } = (await (await fetch(documentUrl)).json()) as { servers: { url: string; variables: Record<string, unknown> }[] };
      // As OpenAPI reads a server URL: relative to where the document was fetched from.
      const base = new URL(servers[0]?.url.replace('{store_hash}', 'docs-test') ?? '', documentUrl).href;

      const response = await fetch(`${base}/segments`, { headers: { 'X-Auth-Token': 'docs-test-token' } });

      expect(openapiDocument.servers.map((server) => server.url)).toEqual(['http://localhost:3000/stores/{store_hash}/v3']);
      expect(servers).toHaveLength(1);
      expect(servers[0]?.variables).toEqual(openapiDocument.servers[0]?.variables);
      expect(base).toBe(`${service.origin}/stores/docs-test/v3`);
      expect(response.status).toBe(200);
    });
  });

  describe('in a real browser (Chromium)', () => {
    let browser: BrowserContext;
    let profileDir: string;

    beforeAll(async () => {
      profileDir = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
      browser = await launchChromium(profileDir);
    });

    afterAll(async () => {
      await browser?.close();
      if (profileDir) rmSync(profileDir, { recursive: true, force: true });
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

    it('lists the origin that serves the page as the one server, so "Try it out" calls this service', async () => {
      const page = await browser.newPage();

      await page.goto(`${service.origin}/docs/`);
      // An <option> is never "visible" to playwright: wait for it to be in the page.
      await page.waitForSelector('.servers select option', { state: 'attached', timeout: 60_000 });
      const offered = await page
        .locator('.servers select option')
        .evaluateAll((options) => options.map((option) => option.getAttribute('value')));

      const computed = await page.locator('.servers .computed-url code').textContent();

      expect(offered).toEqual([`${service.origin}/stores/{store_hash}/v3`]);
      expect(computed).toBe(`${service.origin}/stores/local/v3`);
    });
  });
});
