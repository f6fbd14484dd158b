/**
 * Packages replaced by small stand-ins when a Lambda bundle is built (esbuild `--alias`), paths
 * relative to the repository root. Each is a dependency of Express of which the API uses a sliver
 * or nothing, and which costs the cold start its loading (measured in `npm run bench`, section 4):
 * - iconv-lite, mime-db: data-heavy; only UTF-8 request bodies are accepted and only
 *   `application/json` responses are sent.
 * - qs: Express's "extended" query parser and urlencoded bodies; the API uses neither.
 * - depd, debug: loaded by every Express module; the stand-ins keep what they do (deprecation
 *   warnings, DEBUG logging) without the stack capture and terminal probing at load.
 * - send, serve-static: `res.sendFile` and `express.static`, which the service does not call.
 * The CDK stack and the benchmark bundle with these, test/service/bundle-shims.test.ts holds each
 * to its package's behaviour, and the bundling test runs the result.
 */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  'iconv-lite': './service/bundle/iconv-lite.js',
  'mime-db': './service/bundle/mime-db.json',
  qs: './service/bundle/qs.js',
  depd: './service/bundle/depd.js',
  debug: './service/bundle/debug.js',
  send: './service/bundle/send.js',
  'serve-static': './service/bundle/send.js',
};

/** The same aliases as esbuild command-line arguments (NodejsFunction's `esbuildArgs`). */
export function esbuildAliasArgs(): Record<string, string> {
  return Object.fromEntries(Object.entries(BUNDLE_ALIASES).map(([name, path]) => [`--alias:${name}`, path]));
}
