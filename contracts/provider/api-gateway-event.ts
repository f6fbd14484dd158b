import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

type Values = Record<string, string | string[]>;

export interface RestApiRequest {
  method: string;
  /** The path as the client sent it, e.g. `/stores/abc/v3/segments`. */
  path: string;
  query?: Values;
  headers?: Values;
  /** The body as text (API Gateway passes JSON as it is), or null. */
  body?: string | null;
  sourceIp?: string;
  userAgent?: string;
  stage?: string;
}

function multiValue(values: Values | undefined): Record<string, string[]> | null {
  const entries = Object.entries(values ?? {});
  return entries.length === 0 ? null : Object.fromEntries(entries.map(([name, value]) => [name, Array.isArray(value) ? value : [value]]));
}

function lastValue(values: Record<string, string[]> | null): Record<string, string> | null {
  return values && Object.fromEntries(Object.entries(values).map(([name, all]) => [name, all[all.length - 1] ?? '']));
}

/**
 * The event API Gateway (REST API, `/{proxy+}` Lambda proxy integration) hands the function for a
 * request. The one builder of such events: the Pact provider's Lambda bridge, the Lambda-entry
 * tests, the bundle test and the cold-start benchmark all use it.
 */
export function restApiEvent(request: RestApiRequest): APIGatewayProxyEvent {
  const stage = request.stage ?? 'prod';
  const multiValueHeaders = multiValue(request.headers) ?? {};
  const multiValueQueryStringParameters = multiValue(request.query);
  return {
    resource: '/{proxy+}',
    path: request.path,
    httpMethod: request.method,
    headers: lastValue(multiValueHeaders) ?? {},
    multiValueHeaders,
    queryStringParameters: lastValue(multiValueQueryStringParameters),
    multiValueQueryStringParameters,
    pathParameters: { proxy: request.path.replace(/^\//, '') },
    stageVariables: null,
    body: request.body ?? null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: request.method,
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
        sourceIp: request.sourceIp ?? '127.0.0.1',
        user: null,
        userAgent: request.userAgent ?? null,
        userArn: null,
      },
      path: `/${stage}${request.path}`,
      stage,
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: 'proxy',
      resourcePath: '/{proxy+}',
    },
  };
}

/** A Lambda invocation context with a fresh request id. */
export function lambdaContext(functionName = 'customer-segmentation'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
