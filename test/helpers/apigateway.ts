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
