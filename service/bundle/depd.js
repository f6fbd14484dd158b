// A stand-in for depd, swapped in when the Lambda bundle is built (see ./aliases.ts). Express, its
// router and http-errors each call depd() as they load, and depd captures a stack trace there to
// learn the caller's file; with --enable-source-maps that costs the cold start its source map
// lookups. The warnings themselves are kept: each deprecated call is reported once, as a
// DeprecationWarning, as depd reports it (without the call site).
module.exports = function depd(namespace) {
  const warned = new Set();
  function deprecate(message) {
    if (warned.has(message)) return;
    warned.add(message);
    process.emitWarning(`${namespace} deprecated ${message}`, 'DeprecationWarning');
  }
  deprecate.function = (fn) => fn;
  deprecate.property = () => {};
  return deprecate;
};
