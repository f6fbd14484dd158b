import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { listen } from '../../service/src/http/listen';
import { lambdaContext, restApiEvent } from './api-gateway-event';

/** The Lambda entry's shape: `service/src/entry/lambda.ts` exports one. */
export type ProxyHandler = (event: APIGatewayProxyEvent, context: Context, callback: () => void) => unknown;

export interface LambdaBridge {
  origin: string;
  stop(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Name → every value given for it, in order. */
function grouped(pairs: Iterable<[string, string]>): Record<string, string[]> {
  const values: Record<string, string[]> = {};
  for (const [name, value] of pairs) values[name] = [...(values[name] ?? []), value];
  return values;
}

/** The event API Gateway hands the function for this request: every header and query value as sent. */
export function toApiGatewayEvent(req: IncomingMessage, body: Buffer): APIGatewayProxyEvent {
  const url = new URL(req.url ?? '/', 'http://bridge.invalid');
  const headerPairs: [string, string][] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) headerPairs.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  return restApiEvent({
    method: req.method ?? 'GET',
    path: url.pathname,
    query: grouped(url.searchParams),
    headers: grouped(headerPairs),
    body: body.length > 0 ? body.toString('utf8') : null,
    sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
    userAgent: req.headers['user-agent'],
    stage: 'bridge',
  });
}

/**
 * Serves HTTP by turning each request into an API Gateway proxy event for `handler` and its
 * result back into a response: the verifier then pins the entry we deploy, adapter included.
 */
export async function startLambdaBridge(handler: ProxyHandler): Promise<LambdaBridge> {
  const server: Server = createServer(async (req, res) => {
    try {
      const event = toApiGatewayEvent(req, await readBody(req));
      const result = (await handler(event, lambdaContext(), () => {})) as APIGatewayProxyResult;
      res.statusCode = result.statusCode;
      for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) res.setHeader(name, values.map(String));
      for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, String(value));
      res.end(result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : undefined);
    } catch (error) {
      // What API Gateway answers when the function fails.
      res.statusCode = 502;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ message: 'Internal server error', detail: String(error) }));
    }
  });
  const listening = await listen(server);
  return { origin: listening.origin, stop: listening.close };
}
