import { Webhook } from 'standardwebhooks';

/**
 * The Standard Webhooks headers of one delivery. `webhook-id` is the event's id, the same on every
 * attempt, so a receiver de-duplicates by it; `webhook-signature` holds one `v1,<base64 HMAC-SHA256
 * of id.timestamp.body>` a secret, space-separated, so a receiver holding either the new or the
 * previous secret during a rotation's grace period accepts the delivery. The HMAC is
 * `standardwebhooks`' own (the reference library of the scheme), so our signatures are the ones
 * its verifiers in every language check.
 */
export function signatureHeaders(secrets: readonly Buffer[], id: string, at: Date, body: string): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret, { format: 'raw' }).sign(id, at, body)).join(' '),
  };
}
