import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ValidateFunction } from 'ajv';
import { compileSchema, createCompiler } from '../../service/scripts/schema-compiler';
import { openapiDocument } from '../../service/src/generated/openapi-document';
import { ANY_STORE_BASE_PATH, storeBasePath } from '../../service/src/http/base-path';
import { operations } from '../../service/src/http/openapi';
import { keys, SK_PREFIX } from '../../service/src/store/keys';
import { KEY } from '../../service/src/store/schema';
import type { TestService } from './service';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  body?: unknown;
  /** A raw body sent as is (for malformed JSON and the like). */
  rawBody?: string;
  query?: Record<string, string | number | string[]>;
  token?: string | null;
  headers?: Record<string, string>;
}

interface DocumentedRoute {
  method: string;
  pattern: RegExp;
  path: string;
  validators: Map<string, ValidateFunction | undefined>;
}

const compiler = createCompiler(openapiDocument as unknown as Record<string, unknown>);

/** Every operation's responses, compiled once: each response a test receives is checked against them. */
const routes: DocumentedRoute[] = [...operations.values()].map((op) => ({
  method: op.method,
  path: op.path,
  pattern: new RegExp(`^${ANY_STORE_BASE_PATH}${op.path.replace(/\{\w+\}/g, '[^/]+')}$`),
  validators: new Map(
    Object.entries(op.responses).map(([status, response]) => {
      const schema = response.content?.['application/json']?.schema;
      return [status, schema ? compileSchema(compiler, schema) : undefined];
    }),
  ),
}));

/**
 * Fails when a response is not what the API document promises for its operation and status.
 * Paths outside the document (unknown routes) only have to carry the error envelope.
 */
export function assertDocumented(method: string, path: string, status: number, body: unknown): void {
  const route = routes.find((r) => r.method === method && r.pattern.test(path));
  if (!route) return;
  if (!route.validators.has(String(status))) {
    throw new Error(`${method} ${route.path} answered ${status}, which the document does not list: ${JSON.stringify(body)}`);
  }
  const validate = route.validators.get(String(status));
  if (validate && !validate(body)) {
    throw new Error(
      `${method} ${route.path} ${status} does not match the document: ${JSON.stringify(validate.errors)}\n${JSON.stringify(body)}`,
    );
  }
}

/** A store of its own for one test, with a modify and a read-only token. */
export class StoreApi {
  constructor(
    readonly service: TestService,
    readonly storeHash: string,
    readonly modifyToken: string,
    readonly readOnlyToken: string,
  ) {}

  get base(): string {
    return storeBasePath(this.storeHash);
  }

  async call<T = unknown>(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
    const url = new URL(`${this.service.origin}${this.base}${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(item));
    }
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    const token = options.token === undefined ? this.modifyToken : options.token;
    if (token !== null) headers['X-Auth-Token'] = token;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const response = await fetch(url, { method, headers, body });
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : undefined;
    assertDocumented(method, url.pathname, response.status, parsed);
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  get<T = unknown>(path: string, options?: CallOptions) {
    return this.call<T>('GET', path, options);
  }
  post<T = unknown>(path: string, body: unknown, options?: CallOptions) {
    return this.call<T>('POST', path, { ...options, body });
  }
  put<T = unknown>(path: string, body: unknown, options?: CallOptions) {
    return this.call<T>('PUT', path, { ...options, body });
  }
  delete<T = unknown>(path: string, options?: CallOptions) {
    return this.call<T>('DELETE', path, options);
  }

  /**
   * Every item of this store in the table, sorted: to prove a refused request wrote nothing.
   * Reads the store's partitions (counters and tokens, segments, profiles, and each segment's
   * members) with queries rather than scanning a table that other suites fill too.
   */
  async snapshot(): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    const partitions = [`STORE#${this.storeHash}`, keys.segmentsPartition(this.storeHash), keys.profilesPartition(this.storeHash)];
    for (let i = 0; i < partitions.length; i++) {
      const found = await this.queryPartition(partitions[i]!);
      items.push(...found);
      if (partitions[i] === keys.segmentsPartition(this.storeHash)) {
        for (const item of found) {
          if (String(item[KEY.sort]).startsWith(SK_PREFIX.segment)) partitions.push(keys.membersPartition(this.storeHash, String(item.id)));
        }
      }
    }
    return items.sort((a, b) => `${a[KEY.partition]}${a[KEY.sort]}`.localeCompare(`${b[KEY.partition]}${b[KEY.sort]}`));
  }

  /** Every item of one partition, read strongly. */
  async queryPartition(partition: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.service.db.send(
        new QueryCommand({
          TableName: this.service.tableName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': KEY.partition },
          ExpressionAttributeValues: { ':pk': partition },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}

export async function newStore(service: TestService): Promise<StoreApi> {
  const storeHash = `t-${randomUUID()}`;
  const [modify, readOnly] = await Promise.all([
    service.store.tokens.mint(storeHash, 'modify'),
    service.store.tokens.mint(storeHash, 'read-only'),
  ]);
  return new StoreApi(service, storeHash, modify, readOnly);
}
