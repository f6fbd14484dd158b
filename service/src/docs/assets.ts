/**
 * The files of the API reference page that come from swagger-ui-dist, served as they are. They
 * are never bundled into the API function's JavaScript: `npm start` reads them from
 * node_modules, and the Lambda from a folder the CDK bundling copies beside its bundle.
 */
export const DOCS_ASSET_FILES = ['swagger-ui-bundle.js', 'swagger-ui.css'] as const;

/** The folder, beside the Lambda bundle, that the bundling copies DOCS_ASSET_FILES into. */
export const DOCS_ASSETS_FOLDER = 'docs-assets';
