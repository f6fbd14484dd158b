/**
 * The kit sends an Idempotency-Key on every write, and the one it is given when it is given one,
 * against the real app (a fetch that notes each request's headers, then sends it).
 */
import { createSegmentationClient, storeBaseUrl } from '../../contracts/client';
import { useServiceAndFreshStore } from '../helpers/service';

const context = useServiceAndFreshStore();

function recordingClient() {
  const sent: { method: string; key: string | null }[] = [];
  const fetchAndNote: typeof fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    sent.push({ method: request.method, key: request.headers.get('idempotency-key') });
    return fetch(request);
  };
  const client = createSegmentationClient(storeBaseUrl(context.service.origin, context.api.storeHash), context.api.modifyToken, {
    fetch: fetchAndNote,
  });
  return { client, sent };
}

describe('the kit', () => {
  it('sends a fresh key on every write, and none on a read', async () => {
    const { client, sent } = recordingClient();

    const created = await client.createSegments([{ name: 'Kit' }]);
    await client.updateSegments([{ id: created.data!.data[0]!.id, description: 'd' }]);
    await client.listSegments();
    await client.deleteSegments([created.data!.data[0]!.id]);

    expect(sent.map((s) => s.method)).toEqual(['POST', 'PUT', 'GET', 'DELETE']);
    const keys = sent.filter((s) => s.method !== 'GET').map((s) => s.key);
    expect(keys.every((key) => typeof key === 'string' && key.length > 0)).toBe(true);
    expect(new Set(keys).size).toBe(3);
    expect(sent.find((s) => s.method === 'GET')!.key).toBeNull();
  });

  it('sends the key it is given, so a retry is answered what the first call did', async () => {
    const { client, sent } = recordingClient();

    const first = await client.createShopperProfiles([{ customer_id: 9001 }], { idempotencyKey: 'kit-retry-1' });
    const retry = await client.createShopperProfiles([{ customer_id: 9001 }], { idempotencyKey: 'kit-retry-1' });

    expect(sent.map((s) => s.key)).toEqual(['kit-retry-1', 'kit-retry-1']);
    expect(first.response.status).toBe(201);
    expect(retry.response.status).toBe(201);
    expect(retry.response.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.data).toEqual(first.data);
  });
});
