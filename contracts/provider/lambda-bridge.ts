import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

/** The Lambda entry's shape: `service/src/lambda.ts` exports one. */
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

function multiValue(entries: Iterable<[string, string]>): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of entries) {
    const values = result[name] ?? [];
    values.push(value);
    result[name] = values;
  }
  return result;
}

/** The event API Gateway (REST API, `/{proxy+}` proxy integration) hands the function for a request. */
export function toApiGatewayEvent(req: IncomingMessage, body: Buffer): APIGatewayProxyEvent {
  const url = new URL(req.url ?? '/', 'http://bridge.invalid');
  const headerEntries: [string, string][] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) headerEntries.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  const multiValueHeaders = multiValue(headerEntries);
  const multiValueQuery = multiValue(url.searchParams.entries());
  const hasQuery = Object.keys(multiValueQuery).length > 0;
  const requestId = randomUUID();
  return {
    resource: '/{proxy+}',
    path: url.pathname,
    httpMethod: req.method ?? 'GET',
    headers: Object.fromEntries(headerEntries),
    multiValueHeaders,
    queryStringParameters: hasQuery ? Object.fromEntries(Object.entries(multiValueQuery).map(([k, v]) => [k, v[v.length - 1]!])) : null,
    multiValueQueryStringParameters: hasQuery ? multiValueQuery : null,
    pathParameters: { proxy: url.pathname.replace(/^\//, '') },
    stageVariables: null,
    // API Gateway passes a text body as it is (JSON is text; no binary media types are configured).
    body: body.length > 0 ? body.toString('utf8') : null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'bridge',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: req.method ?? 'GET',
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        user: null,
        userAgent: req.headers['user-agent'] ?? null,
        userArn: null,
      },
      path: url.pathname,
      stage: 'bridge',
      requestId,
      requestTimeEpoch: Date.now(),
      resourceId: 'proxy',
      resourcePath: '/{proxy+}',
    },
  };
}

function lambdaContext(): Context {
  const awsRequestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'customer-segmentation',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:customer-segmentation',
    memoryLimitInMB: '512',
    awsRequestId,
    logGroupName: '/aws/lambda/customer-segmentation',
    logStreamName: 'bridge',
    getRemainingTimeInMillis: () => 30_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
