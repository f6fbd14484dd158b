import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { restApiEvent as buildEvent } from '../../contracts/provider/api-gateway-event';

export { lambdaContext } from '../../contracts/provider/api-gateway-event';

/** An API Gateway REST API proxy event for a JSON request (the body given as a value). */
export function restApiEvent(options: {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
}): APIGatewayProxyEvent {
  return buildEvent({
    method: options.method,
    path: options.path,
    query: options.query,
    headers: {
      Accept: 'application/json',
      ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...options.headers,
    },
    body: options.body === undefined ? null : JSON.stringify(options.body),
    userAgent: 'jest',
  });
}

export type LambdaHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** An API Gateway HTTP API event (payload format 2.0, `$default` stage) for a JSON request. */
export function httpApiEvent(options: {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
}) {
  const query = new URLSearchParams(options.query ?? {}).toString();
  const headers = Object.fromEntries(
    Object.entries({
      accept: 'application/json',
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    }).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: options.path,
    rawQueryString: query,
    headers,
    queryStringParameters: options.query,
    requestContext: {
      accountId: '123456789012',
      apiId: 'httpapi',
      domainName: 'httpapi.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'httpapi',
      http: { method: options.method, path: options.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId: `http-${Math.random().toString(36).slice(2)}`,
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    isBase64Encoded: false,
  };
}

/**
 * A Lambda function URL event behind CloudFront (`apiType=function-url`): payload 2.0 like the
 * HTTP API's, with the URL's own request context (no API id, an `anonymous` caller for auth type
 * NONE), CloudFront's headers, and the body base64-encoded when `base64Body` is set (as a URL
 * delivers any body it does not take for text).
 */
export function functionUrlEvent(options: Parameters<typeof httpApiEvent>[0] & { base64Body?: boolean }) {
  const event = httpApiEvent({
    ...options,
    headers: {
      via: '2.0 0123456789abcdef.cloudfront.net (CloudFront)',
      'x-amz-cf-id': 'cf-request-id',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'https',
      ...options.headers,
    },
  });
  const domainName = 'abcdefghij0123456789klmnop.lambda-url.us-east-1.on.aws';
  const encoded = options.base64Body === true && event.body !== undefined;
  return {
    ...event,
    headers: { ...event.headers, host: domainName },
    requestContext: {
      ...event.requestContext,
      accountId: 'anonymous',
      apiId: 'abcdefghij0123456789klmnop',
      domainName,
      domainPrefix: 'abcdefghij0123456789klmnop',
      requestId: `url-${Math.random().toString(36).slice(2)}`,
    },
    body: encoded ? Buffer.from(event.body ?? '').toString('base64') : event.body,
    isBase64Encoded: encoded,
  };
}
