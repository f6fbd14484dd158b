// A stand-in for debug, swapped in when the Lambda bundle is built (see ./aliases.ts). Express, its
// router, body-parser and finalhandler each create debug loggers as they load, and the real
// package inspects the terminal and the environment for colours to do it. Here a logger writes
// to stderr only when DEBUG names its namespace, read as debug reads it (comma- or space-separated
// names, `*` for any run of characters, a leading `-` to leave a name out), without colours or
// timings.
const { format } = require('node:util');

function pattern(name) {
  return new RegExp(`^${name.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*?')}$`);
}

function enabled(namespace) {
  const names = (process.env.DEBUG ?? '').split(/[\s,]+/).filter(Boolean);
  const skipped = names.filter((name) => name.startsWith('-')).map((name) => pattern(name.slice(1)));
  const included = names.filter((name) => !name.startsWith('-')).map(pattern);
  return !skipped.some((p) => p.test(namespace)) && included.some((p) => p.test(namespace));
}

module.exports = function debug(namespace) {
  const on = enabled(namespace);
  const log = (...args) => {
    if (on) process.stderr.write(`${namespace} ${format(...args)}\n`);
  };
  log.enabled = on;
  log.namespace = namespace;
  return log;
};
