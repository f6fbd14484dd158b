import fc from 'fast-check';
import realIconv from 'iconv-lite';

// The stand-ins are plain CommonJS modules, loaded as esbuild will load them in the bundle.
const shimIconv = require('../../service/bundle/iconv-lite.js') as typeof realIconv;
const shimMimeDb = require('../../service/bundle/mime-db.json') as Record<string, Record<string, unknown>>;
const realMimeDb = require('mime-db') as Record<string, Record<string, unknown>>;

describe('the UTF-8 stand-in for iconv-lite', () => {
  it('decodes any UTF-8 body as iconv-lite does, whole or in chunks split anywhere', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.boolean(), fc.nat(), (text, bom, splitAt) => {
        const bytes = Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
        const cut = bytes.length === 0 ? 0 : splitAt % bytes.length;
        const decoder = shimIconv.getDecoder('utf-8');
        const streamed = decoder.write(bytes.subarray(0, cut)) + decoder.write(bytes.subarray(cut)) + (decoder.end() ?? '');

        expect(shimIconv.decode(bytes, 'utf8')).toBe(realIconv.decode(bytes, 'utf8'));
        expect(streamed).toBe(realIconv.decode(bytes, 'utf8'));
      }),
    );
  });

  it('knows UTF-8 under its usual names and refuses other charsets the way iconv-lite does', () => {
    expect(['utf8', 'UTF-8', 'utf-8'].map((name) => shimIconv.encodingExists(name))).toEqual([true, true, true]);
    expect(shimIconv.encodingExists('latin1')).toBe(false);
    // raw-body recognises "unknown encoding" by this message.
    expect(() => shimIconv.getDecoder('latin1')).toThrow(/^Encoding not recognized: /);
  });
});

describe('the small stand-in for mime-db', () => {
  it('agrees with mime-db on every type it keeps', () => {
    for (const [type, entry] of Object.entries(shimMimeDb)) {
      const real = realMimeDb[type] ?? {};
      expect({ type, ...entry }).toEqual({ type, ...Object.fromEntries(Object.keys(entry).map((key) => [key, real[key]])) });
    }
  });

  it('keeps application/json, the one type the API answers with', () => {
    expect(shimMimeDb['application/json']?.charset).toBe('UTF-8');
  });
});
