import type { RequestHandler } from 'express';

const ALLOWED_METHODS = 'GET, POST, PUT, DELETE';
const ALLOWED_HEADERS = 'X-Auth-Token, Content-Type, Accept';

/**
 * CORS for the origins an operator lists (CORS_ALLOWED_ORIGINS), and for no one otherwise: the
 * API is called by servers holding store tokens, and a browser should not be one unless the
 * operator says so. A preflight from a listed origin answers 204; from any other, the request
 * goes on without CORS headers and the browser refuses it.
 */
export function cors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    const origin = req.get('origin');
    if (!origin || !allowed.has(origin)) return next();
    res.vary('Origin');
    res.set('Access-Control-Allow-Origin', origin);
    if (req.method === 'OPTIONS' && req.get('access-control-request-method')) {
      res.set({
        'Access-Control-Allow-Methods': ALLOWED_METHODS,
        'Access-Control-Allow-Headers': ALLOWED_HEADERS,
        'Access-Control-Max-Age': '600',
      });
      res.status(204).end();
      return;
    }
    next();
  };
}
