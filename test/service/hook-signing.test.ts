import { createHmac } from 'node:crypto';
import { verifyWebhook, WebhookVerificationError } from '../../contracts/client/webhooks';
import { formatSecret, newSigningSecret } from '../../service/src/hooks/secrets';
import { signatureHeaders } from '../../service/src/hooks/signing';

const event = {
  id: '01900000-0000-7000-8000-000000000001',
  type: 'segment.shopper_profile_added',
  store_hash: 'abc123',
  occurred_at: '2026-12-04T10:00:00.000Z',
  data: { segment_id: '01900000-0000-7000-8000-0000000000aa', shopper_profile_id: '01900000-0000-7000-8000-0000000000bb' },
};
const body = JSON.stringify(event);

describe('Standard Webhooks signing', () => {
  it('signs v1,<base64 HMAC-SHA256 of id.timestamp.body> keyed by the secret bytes', () => {
    const secret = newSigningSecret();
    const at = new Date('2026-12-04T10:00:01.900Z');

    const headers = signatureHeaders([secret], event.id, at, body);

    // The scheme, computed here by hand rather than by the code under test.
    const expected = createHmac('sha256', secret).update(`${event.id}.1796378401.${body}`).digest('base64');
    expect(headers).toEqual({ 'webhook-id': event.id, 'webhook-timestamp': '1796378401', 'webhook-signature': `v1,${expected}` });
  });

  it('carries one signature a secret, space-separated, during a rotation', () => {
    const [current, previous] = [newSigningSecret(), newSigningSecret()];

    const signature = String(signatureHeaders([current, previous], event.id, new Date(), body)['webhook-signature']);

    expect(signature.split(' ')).toHaveLength(2);
    expect(signature.split(' ').every((part) => part.startsWith('v1,'))).toBe(true);
  });
});

describe("the consumer kit's verifyWebhook, against the service's signing", () => {
  const secret = newSigningSecret();
  const whsec = formatSecret(secret);

  it('answers the event of a delivery signed with the secret the API showed', () => {
    const headers = signatureHeaders([secret], event.id, new Date(), body);

    expect(verifyWebhook(body, headers, whsec)).toEqual(event);
  });

  it('takes headers as Node gives them (lower case, possibly arrays) and the body as bytes', () => {
    const headers = signatureHeaders([secret], event.id, new Date(), body);

    expect(verifyWebhook(Buffer.from(body), { ...headers, 'webhook-id': [event.id] }, whsec)).toEqual(event);
  });

  it.each([
    ['a changed body', (h: Record<string, string>) => ({ body: body.replace('abc123', 'abc124'), headers: h })],
    ['another id', (h: Record<string, string>) => ({ body, headers: { ...h, 'webhook-id': 'other' } })],
    ['a missing signature', (h: Record<string, string>) => ({ body, headers: { ...h, 'webhook-signature': '' } })],
  ])('refuses %s', (_label, alter) => {
    const altered = alter(signatureHeaders([secret], event.id, new Date(), body));

    expect(() => verifyWebhook(altered.body, altered.headers, whsec)).toThrow(WebhookVerificationError);
  });

  it('refuses another secret, and a timestamp more than 5 minutes old (a replay)', () => {
    const headers = signatureHeaders([secret], event.id, new Date(), body);
    const old = signatureHeaders([secret], event.id, new Date(Date.now() - 6 * 60 * 1000), body);

    expect(() => verifyWebhook(body, headers, formatSecret(newSigningSecret()))).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook(body, old, whsec)).toThrow(WebhookVerificationError);
  });

  it('accepts a rotation from either side: a receiver with the old secret or the new one', () => {
    const next = newSigningSecret();
    const headers = signatureHeaders([next, secret], event.id, new Date(), body);

    expect(verifyWebhook(body, headers, whsec)).toEqual(event);
    expect(verifyWebhook(body, headers, formatSecret(next))).toEqual(event);
    expect(verifyWebhook(body, signatureHeaders([next], event.id, new Date(), body), [whsec, formatSecret(next)])).toEqual(event);
  });
});
