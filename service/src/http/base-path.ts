import { openapiDocument } from '../generated/openapi-document';

/**
 * Where every operation's path starts, as the API document names it once
 * (`info.x-opc-config-base-path`, the same path as its `servers` entry): `/stores/{store_hash}/v3`.
 */
export const BASE_PATH_TEMPLATE: string = openapiDocument.info['x-opc-config-base-path'];

/** The base path as an Express route: `/stores/:store_hash/v3`. */
export const EXPRESS_BASE_PATH = BASE_PATH_TEMPLATE.replace(/\{(\w+)\}/g, ':$1');

/** The base path of one store: `/stores/<store_hash>/v3` (the hash URL-encoded). */
export function storeBasePath(storeHash: string): string {
  return BASE_PATH_TEMPLATE.replace('{store_hash}', encodeURIComponent(storeHash));
}

/** A regular expression source matching the base path of any store (`/stores/[^/]+/v3`), for building patterns. */
export const ANY_STORE_BASE_PATH = BASE_PATH_TEMPLATE.split(/\{\w+\}/)
  .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  .join('[^/]+');
