/**
 * `/docs`: the API reference, rendered in the browser by Swagger UI from the same document the
 * service validates against (served as JSON beside it). Everything the page loads comes from this
 * service, and its Content-Security-Policy forbids anything else, so it works offline.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Request, type Response, Router } from 'express';
import { openapiDocument } from '../generated/openapi-document';
import { BASE_PATH_TEMPLATE } from '../http/base-path';
import { NotFoundError } from '../http/http-errors';
import { DOCS_ASSET_FILES } from './assets';

export interface DocsOptions {
  /** The folder holding DOCS_ASSET_FILES. */
  assetsDir: string;
}

// Relative links: the page also works under an API Gateway stage prefix (/dev/docs/).
const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${openapiDocument.info.title}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="swagger-ui.css">
</head>
<body>
  <div id="reference"></div>
  <script src="swagger-ui-bundle.js"></script>
  <script src="init.js"></script>
</body>
</html>
`;

/**
 * The document as the page serves it: its `servers` list is the service serving the page, not
 * the document's `http://localhost:3000` (wrong under any other PORT, and in Lambda). The URL is
 * relative to the document (`/docs/openapi.json`), as OpenAPI reads a relative server URL, so it
 * names whatever origin and stage prefix the page was reached through, with the document's own
 * base path and variables.
 */
const SERVED_DOCUMENT = {
  ...openapiDocument,
  servers: [
    {
      url: `..${BASE_PATH_TEMPLATE}`,
      description: 'this service (the origin serving this page)',
      variables: openapiDocument.servers[0]?.variables,
    },
  ],
};

// The page shows a relative server URL as it is; it is turned into the absolute URL it names, so
// the server list reads http://127.0.0.1:3918/stores/{store_hash}/v3 (braces kept, not escaped).
// validatorUrl null: Swagger UI would otherwise send the document to an online validator.
const INIT = `const documentUrl = new URL('openapi.json', window.location.href);
const absolute = (url) => new URL(url, documentUrl).href.replace(/%7B/gi, '{').replace(/%7D/gi, '}');
fetch(documentUrl)
  .then((response) => response.json())
  .then((spec) => {
    spec.servers = (spec.servers || []).map((server) => ({ ...server, url: absolute(server.url) }));
    window.ui = SwaggerUIBundle({
      spec,
      dom_id: '#reference',
      deepLinking: true,
      validatorUrl: null,
      docExpansion: 'list',
      defaultModelsExpandDepth: 0,
    });
  })
  .catch((error) => {
    document.getElementById('reference').textContent = 'The API document could not be loaded: ' + error;
  });
`;

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Swagger UI sets style attributes on its elements.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
].join('; ');

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

function send(res: Response, type: string, body: string | Buffer): void {
  res.set({
    'Content-Type': type,
    'Content-Security-Policy': CSP,
    'Cache-Control': 'public, max-age=300',
    'X-Content-Type-Options': 'nosniff',
  });
  res.send(body);
}

/** The `/docs` routes. Assets are read on first request and kept, never at start-up. */
export function docsRouter({ assetsDir }: DocsOptions): Router {
  const router = Router();
  const cache = new Map<string, Promise<Buffer>>();
  const asset = (name: string) => {
    let file = cache.get(name);
    if (!file) {
      file = readFile(join(assetsDir, name));
      file.catch(() => cache.delete(name));
      cache.set(name, file);
    }
    return file;
  };

  // `/docs` → `docs/`: relative, so a stage prefix is kept.
  router.get('/docs', (req: Request, res: Response, next) => {
    if (req.originalUrl.split('?')[0]!.endsWith('/')) return next();
    res.redirect(301, 'docs/');
  });
  router.get('/docs/', (_req, res) => send(res, 'text/html; charset=utf-8', PAGE));
  router.get('/docs/init.js', (_req, res) => send(res, TYPES['.js']!, INIT));
  router.get('/docs/openapi.json', (_req, res) => send(res, 'application/json; charset=utf-8', JSON.stringify(SERVED_DOCUMENT)));
  for (const name of DOCS_ASSET_FILES) {
    router.get(`/docs/${name}`, async (_req, res, next) => {
      try {
        send(res, TYPES[name.slice(name.lastIndexOf('.'))]!, await asset(name));
      } catch {
        next(new NotFoundError(`The reference page's ${name} is not installed.`));
      }
    });
  }
  return router;
}
