// A UTF-8-only stand-in for iconv-lite, swapped in when the Lambda bundle is built (see
// ./aliases.ts). Express's body parser needs iconv-lite only to decode request bodies, and the
// API accepts UTF-8 JSON alone; the real package carries ~480 KB of code tables for every other
// charset. Any other charset is reported the way iconv-lite reports it, so the body parser
// answers "unsupported charset" exactly as before.
const { StringDecoder } = require('node:string_decoder');

const UTF8 = /^utf-?8$/i;

function assertUtf8(encoding) {
  if (!UTF8.test(String(encoding)))
    throw new Error(`Encoding not recognized: '${encoding}' (searched as: '${String(encoding).toLowerCase()}')`);
}

function withoutBom(text) {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

exports.encodingExists = (encoding) => UTF8.test(String(encoding));

exports.getDecoder = (encoding) => {
  assertUtf8(encoding);
  const decoder = new StringDecoder('utf8');
  let first = true;
  return {
    write(chunk) {
      const text = decoder.write(chunk);
      if (first && text) {
        first = false;
        return withoutBom(text);
      }
      return text;
    },
    end() {
      return decoder.end() || undefined;
    },
  };
};

exports.decode = (buffer, encoding) => {
  assertUtf8(encoding);
  return withoutBom(Buffer.from(buffer).toString('utf8'));
};

exports.encode = (text, encoding) => {
  assertUtf8(encoding);
  return Buffer.from(String(text), 'utf8');
};
