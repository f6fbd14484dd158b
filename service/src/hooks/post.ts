import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { VettedDestination } from './destinations';

/** What became of one POST: acknowledged (a 2xx in time) or not, and why, for the log. */
export type PostOutcome = { acknowledged: true; status: number } | { acknowledged: false; status?: number; reason: string };

export interface PostRequest {
  destination: VettedDestination;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** Connections are kept per address (the pool's key is the vetted address, not the name): see `post`. */
const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 8 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 8 }),
};

export const USER_AGENT = 'customer-segmentation-webhooks/1';

/**
 * POSTs one delivery to the address the policy checked, never to whatever the name resolves to
 * by then: the socket is opened to `destination.address` (so a DNS answer that changes between
 * the check and the connection cannot steer it elsewhere), while `Host` and TLS's server name stay
 * the URL's host, so the certificate is checked against the name. Pooled connections are keyed
 * by that address too, so a name that now resolves elsewhere gets no old connection. Redirects
 * are not followed: a 3xx is an answer that is not a 2xx. A reply must start within `timeoutMs`
 * (the body is read and dropped, within the same time).
 */
export function post({ destination, headers, body, timeoutMs }: PostRequest): Promise<PostOutcome> {
  const { url, address } = destination;
  const secure = url.protocol === 'https:';
  const payload = Buffer.from(body, 'utf8');
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const request = (secure ? https : http).request({
      method: 'POST',
      host: address,
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      agent: secure ? agents.https : agents.http,
      ...(secure && !isIP(url.hostname.replace(/^\[(.*)\]$/, '$1')) ? { servername: url.hostname } : {}),
      headers: {
        ...headers,
        host: url.host,
        'content-type': 'application/json',
        'content-length': String(payload.length),
        'user-agent': USER_AGENT,
      },
    });
    const timer = setTimeout(() => {
      request.destroy(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      response.on('end', () => clearTimeout(timer));
      response.on('error', () => clearTimeout(timer));
      response.resume();
      settle(
        status >= 200 && status < 300 ? { acknowledged: true, status } : { acknowledged: false, status, reason: `answered ${status}` },
      );
    });
    request.on('error', (error) => {
      clearTimeout(timer);
      settle({ acknowledged: false, reason: error.message });
    });
    request.end(payload);
  });
}
