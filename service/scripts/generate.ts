/**
 * Generates service/src/generated/ from contracts/openapi.yaml:
 *  - openapi-types.ts: the API's types (openapi-typescript), for the service and the client;
 *  - openapi-document.ts: the document itself as data (operations, scopes, limits), a module
 *    rather than a YAML read, so the Lambda bundle carries it;
 *  - request-validators.js (+ .d.ts): every operation's request validators, compiled by Ajv into
 *    standalone code, so the service compiles nothing at start-up and carries no compiler.
 * With --check it writes nothing and exits 1 when a generated file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse } from 'yaml';
import { listOperations } from '../src/http/openapi';
import { requestValidatorsModule } from './schema-compiler';

const root = join(__dirname, '..', '..');
const specPath = join(root, 'contracts', 'openapi.yaml');
const outDir = join(root, 'service', 'src', 'generated');
const HEADER = '/**\n * Generated from contracts/openapi.yaml by `npm run generate`. Do not edit by hand.\n */\n';

async function render(): Promise<Record<string, string>> {
  const yamlText = readFileSync(specPath, 'utf8');
  const document = parse(yamlText);
  const ast = await openapiTS(document, { alphabetize: false, exportType: true });
  const validators = requestValidatorsModule(document, listOperations(document));
  return {
    'openapi-types.ts': `${HEADER}${astToString(ast)}`,
    'openapi-document.ts': `${HEADER}export const openapiDocument = ${JSON.stringify(document, null, 2)} as const;\n`,
    'request-validators.js': `${HEADER}${validators.code}\n`,
    'request-validators.d.ts': `${HEADER}${validators.declarations}`,
  };
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const files = await render();
  const stale = Object.entries(files).filter(([name, text]) => readOrEmpty(join(outDir, name)) !== text);
  if (check) {
    if (stale.length > 0) {
      console.error(`Stale generated files: ${stale.map(([n]) => `service/src/generated/${n}`).join(', ')}. Run \`npm run generate\`.`);
      process.exit(1);
    }
    console.log('generated files are current');
    return;
  }
  for (const [name, text] of stale) writeFileSync(join(outDir, name), text);
  console.log(stale.length ? `wrote ${stale.map(([n]) => n).join(', ')}` : 'generated files already current');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
