import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { components } from '../../service/src/generated/openapi-types';

export { WebhookVerificationError };

/** An event as a delivery's body carries it: exactly as the feed (`GET /events`) shows it. */
export type WebhookEvent = components['schemas']['Event'];

/**
 * Checks a delivery's Standard Webhooks signature and answers its event; throws
 * `WebhookVerificationError` when no signature matches, a header is missing, or the timestamp is
 * more than 5 minutes from now (a replay). Give the body exactly as received (the raw bytes or
 * string, before any JSON parsing), and every secret you currently accept: during a rotation,
 * the new one and the old one, `whsec_…` as the API showed them. De-duplicate by `webhook-id`
 * (the event's id): a delivery can come more than once.
 */
export function verifyWebhook(
  body: string | Uint8Array,
  headers: Record<string, string | string[] | undefined>,
  secrets: string | readonly string[],
): WebhookEvent {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(' ') : value;
  }
  let lastError: unknown = new WebhookVerificationError('No secret given');
  for (const secret of typeof secrets === 'string' ? [secrets] : secrets) {
    try {
      return new Webhook(secret).verify(body, flat) as WebhookEvent;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
