#!/usr/bin/env node
// `npx segments`: the CLI is TypeScript, run through tsx's CommonJS hook (no build step).
require('tsx/cjs');
const { main } = require('../src/main.ts');

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
