import fc from 'fast-check';
import realIconv from 'iconv-lite';
import { createApp } from '../../service/src/app';
import { testStore } from '../helpers/service';

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

describe('the stand-ins for depd and debug, which keep what their packages do', () => {
  const shimDepd = require('../../service/bundle/depd.js') as (namespace: string) => ((message: string) => void) & {
    function: <F>(fn: F) => F;
  };
  const shimDebug = require('../../service/bundle/debug.js') as (namespace: string) => { enabled: boolean };
  const realDebug = require('debug') as { (namespace: string): { enabled: boolean }; enable(names: string): void };

  it('depd: reports each deprecated call once, as a DeprecationWarning naming its package', () => {
    const warnings: { message: string; type: unknown }[] = [];
    const emit = jest.spyOn(process, 'emitWarning').mockImplementation(((message: string, type: unknown) => {
      warnings.push({ message, type });
    }) as typeof process.emitWarning);
    try {
      const deprecate = shimDepd('express');
      deprecate('res.redirect(url, status): Use res.redirect(status, url) instead');
      deprecate('res.redirect(url, status): Use res.redirect(status, url) instead');
      deprecate('another');
      const fn = () => 1;
      expect(deprecate.function(fn)).toBe(fn);
    } finally {
      emit.mockRestore();
    }
    expect(warnings).toEqual([
      { message: 'express deprecated res.redirect(url, status): Use res.redirect(status, url) instead', type: 'DeprecationWarning' },
      { message: 'express deprecated another', type: 'DeprecationWarning' },
    ]);
  });

  it('debug: a namespace is on exactly when debug would turn it on for the same DEBUG', () => {
    const namespaces = ['express:router', 'express:application', 'router:layer', 'body-parser:json', 'finalhandler', 'send'];
    const settings = ['', 'express:*', '*', 'express:router', 'router,express:*', '* -express:*', 'body-parser:* finalhandler', '*:json'];
    const saved = process.env.DEBUG;
    try {
      for (const setting of settings) {
        process.env.DEBUG = setting;
        realDebug.enable(setting);
        for (const namespace of namespaces) {
          expect({ setting, namespace, on: shimDebug(namespace).enabled }).toEqual({
            setting,
            namespace,
            on: realDebug(namespace).enabled,
          });
        }
      }
    } finally {
      if (saved === undefined) delete process.env.DEBUG;
      else process.env.DEBUG = saved;
      realDebug.enable(saved ?? '');
    }
  });
});

describe('the stand-ins for qs, send and serve-static, which the API never reaches', () => {
  it('say where they come from when they are reached', () => {
    const qs = require('../../service/bundle/qs.js') as { parse: (text: string) => unknown };
    const send = require('../../service/bundle/send.js') as () => unknown;

    expect(() => qs.parse('a=1')).toThrow(/left out of the Lambda bundle \(service\/bundle\/aliases\.ts\)/);
    expect(() => send()).toThrow(/left out of the Lambda bundle \(service\/bundle\/aliases\.ts\)/);
  });

  it('are never reached: the app reads queries with Express’s simple parser, not qs', () => {
    const app = createApp({ store: testStore().store });

    expect(app.get('query parser')).toBe('simple');
  });
});
