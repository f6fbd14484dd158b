import type { components } from '../generated/openapi-types';

export type Hook = components['schemas']['Hook'];
export type HookScope = components['schemas']['HookScope'];
export type HookPost = components['schemas']['HookPost'];
export type HookPut = components['schemas']['HookPut'];

export const HOOK_ENTITY = 'hook';

/**
 * A hook as the table holds it: the API's fields, its sealed secrets, and its delivery state.
 * Only this module and the repository read these fields.
 */
export interface HookItem {
  entity: typeof HOOK_ENTITY;
  store_hash: string;
  id: string;
  scope: HookScope;
  destination: string;
  is_active: boolean;
  headers: Record<string, string>;
  created_at: string;
  updated_at: string;
  /** The current secret, sealed (./secrets.ts). */
  secret: string;
  /** The secret before the last rotation, still signing until `previous_secret_until`. */
  previous_secret?: string;
  previous_secret_until?: string;
  /** Delivery state: the feed position after the last event acknowledged (or skipped by scope). */
  cursor: string;
  /** Failed attempts at the event after `cursor` (0: none is failing). */
  attempts: number;
  /** Epoch milliseconds before which the failing event is not tried again. */
  next_attempt_at?: number;
  /** The delivery run that holds the hook, and until when (epoch ms): one run a hook at a time keeps its order. */
  lease_owner?: string;
  lease_until?: number;
}

/** The hook as the API shows it: never a secret, never the delivery state. */
export function toHook(item: HookItem): Hook {
  return {
    id: item.id,
    scope: item.scope,
    destination: item.destination,
    is_active: item.is_active,
    headers: item.headers,
    created_at: item.created_at,
    updated_at: item.updated_at,
  };
}

/** Whether an event type is in a hook's scope: `*`, a family `segment.*`, or the type itself. */
export function inScope(scope: HookScope, eventType: string): boolean {
  if (scope === '*') return true;
  if (scope.endsWith('.*')) return eventType.startsWith(scope.slice(0, -1));
  return scope === eventType;
}

/**
 * Headers a hook may not set: those the delivery itself sets (a receiver must be able to trust
 * `webhook-*` and the body's framing), and hop-by-hop headers that would change how the request
 * travels rather than what it says.
 */
const RESERVED_HEADERS = new Set([
  'content-type',
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'host',
  'user-agent',
  'connection',
  'keep-alive',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'proxy-authorization',
  'proxy-connection',
]);

/** What is wrong with a hook's headers, field by field (none: an empty object). */
export function headerProblems(headers: Record<string, string>): Record<string, string> {
  const problems: Record<string, string> = {};
  const seen = new Set<string>();
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (RESERVED_HEADERS.has(lower) || lower.startsWith('webhook-')) {
      problems[`headers.${name}`] = 'This header is set by the delivery itself and cannot be given.';
    } else if (seen.has(lower)) {
      problems[`headers.${name}`] = 'Header names are case-insensitive: this one is given twice.';
    }
    seen.add(lower);
  }
  return problems;
}
