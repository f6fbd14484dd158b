// A stand-in for qs, swapped in when the Lambda bundle is built (see ./aliases.ts). Express loads
// qs for its "extended" query parser and body-parser for urlencoded bodies; the API uses neither
// (Express 5's default "simple" parser reads its queries, and it accepts JSON bodies alone). The
// real package and the side-channel, get-intrinsic and object-inspect it loads cost a cold start
// about 6 ms. Reaching it is a bug, said loudly rather than answered with a wrong parse.
function leftOut() {
  throw new Error('qs is left out of the Lambda bundle (service/bundle/aliases.ts): use the "simple" query parser');
}

exports.parse = leftOut;
exports.stringify = leftOut;
