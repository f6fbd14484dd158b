/**
 * Packages replaced by small stand-ins when a Lambda bundle is built (esbuild `--alias`), paths
 * relative to the repository root. Both are data-heavy dependencies of Express of which the API
 * uses a sliver: iconv-lite (only UTF-8 request bodies are accepted) and mime-db (only
 * `application/json` responses are sent). The CDK stack and the benchmark bundle with these, and
 * the bundling test runs the result.
 */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  'iconv-lite': './service/bundle/iconv-lite.js',
  'mime-db': './service/bundle/mime-db.json',
};

/** The same aliases as esbuild command-line arguments (NodejsFunction's `esbuildArgs`). */
export function esbuildAliasArgs(): Record<string, string> {
  return Object.fromEntries(Object.entries(BUNDLE_ALIASES).map(([name, path]) => [`--alias:${name}`, path]));
}
