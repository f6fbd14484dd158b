import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the proxy saw, and when. */
export interface SeenRequest {
  method: string;
  path: string;
  at: number;
  /** What the proxy answered itself, when it did not forward. */
  answered?: number;
  /** The request's Idempotency-Key, if it sent one. */
  idempotencyKey?: string;
}

/** An answer the proxy gives instead of forwarding: a status, and its Retry-After. */
export interface ProxyAnswer {
  status: number;
  retryAfter?: string;
}

export type ProxyRule = (req: IncomingMessage, seen: SeenRequest[]) => ProxyAnswer | undefined;

export interface TestProxy {
  origin: string;
  seen: SeenRequest[];
  /** Replaced at will by a test: which requests the proxy answers itself. */
  rule: ProxyRule;
  /** Resolves once every request forwarded so far has had its answer from the app. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real HTTP proxy on a loopback port in front of the real app: it forwards every request
 * unless `rule` picks it, and then answers it itself (429 or 503 with Retry-After, say), in the
 * API's error envelope, as a platform in front of the service would.
 */
export async function startProxy(target: string, rule: ProxyRule = () => undefined): Promise<TestProxy> {
  const seen: SeenRequest[] = [];
  let inFlight = 0;
  const proxy: TestProxy = {
    origin: '',
    seen,
    rule,
    idle: async () => {
      while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    },
    stop: async () => {},
  };
  const settled = () => {
    inFlight -= 1;
  };
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const key = req.headers['idempotency-key'];
    const entry: SeenRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      at: Date.now(),
      ...(typeof key === 'string' ? { idempotencyKey: key } : {}),
    };
    seen.push(entry);
    const answer = proxy.rule(req, seen);
    if (answer) {
      entry.answered = answer.status;
      req.resume();
      res.writeHead(answer.status, {
        'Content-Type': 'application/json',
        ...(answer.retryAfter === undefined ? {} : { 'Retry-After': answer.retryAfter }),
      });
      res.end(JSON.stringify({ status: answer.status, title: 'Try again later.', type: 'about:blank', errors: {} }));
      return;
    }
    inFlight += 1;
    const forwarded = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    // Done when the app's answer has been read to its end, or the connection to the app failed.
    forwarded.once('close', settled);
    forwarded.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
