import { msSince } from './stats';

export interface ApiResponse {
  status: number;
  body: unknown;
  ms: number;
}

/** A tiny client for one store of the API, with its token; every call is timed. */
export class Api {
  constructor(
    readonly origin: string,
    readonly storeHash: string,
    readonly token: string,
  ) {}

  get base(): string {
    return `${this.origin}/stores/${this.storeHash}/v3`;
  }

  async call(method: string, pathAndQuery: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    const started = process.hrtime.bigint();
    const response = await fetch(`${this.base}${pathAndQuery}`, {
      method,
      headers: {
        'X-Auth-Token': this.token,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const ms = msSince(started);
    return { status: response.status, body: text ? JSON.parse(text) : undefined, ms };
  }

  /** As `call`, but a status other than `expected` is an error: a benchmark of failures measures nothing. */
  async expect(
    expected: number,
    method: string,
    pathAndQuery: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse> {
    const response = await this.call(method, pathAndQuery, body, headers);
    if (response.status !== expected) {
      throw new Error(`${method} ${pathAndQuery} answered ${response.status}, expected ${expected}: ${JSON.stringify(response.body)}`);
    }
    return response;
  }
}

/** `data` of a `{data: [...]}` answer. */
export function dataOf<T>(response: ApiResponse): T[] {
  return (response.body as { data: T[] }).data;
}
