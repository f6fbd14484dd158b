import { newStore, type StoreApi } from '../helpers/api';
import { type Collection, inMemberOrder, type Segment, type ShopperProfile } from '../helpers/factories';
import { startTestService, type TestService } from '../helpers/service';

let service: TestService;
let api: StoreApi;

beforeAll(async () => {
  service = await startTestService();
  api = await newStore(service);
});
afterAll(async () => {
  await service.stop();
});

/** The beta guide's walk-through, step by step, each step building on the one before. */
describe('the beta guide, end to end', () => {
  let segment: Segment;
  let profiles: ShopperProfile[];

  it('1. creates a segment', async () => {
    const response = await api.post<{ data: Segment[] }>('/segments', [{ name: 'Repeat buyers', description: 'Bought more than twice' }]);

    expect(response.status).toBe(201);
    segment = response.body.data[0]!;
  });

  it('2. creates shopper profiles for registered customers', async () => {
    const response = await api.post<{ data: ShopperProfile[] }>('/shopper-profiles', [{ customer_id: 101 }, { customer_id: 102 }]);

    expect(response.status).toBe(201);
    profiles = response.body.data;
    expect(profiles.map((p) => p.customer_id)).toEqual([101, 102]);
  });

  it('3. adds the profiles to the segment', async () => {
    const response = await api.post<{ data: ShopperProfile[] }>(
      `/segments/${segment.id}/shopper-profiles`,
      profiles.map((p) => p.id),
    );

    expect(response.status).toBe(201);
    expect(response.body.data).toEqual(profiles);
  });

  it("4. lists the segment's profiles and each profile's segments", async () => {
    const members = await api.get<Collection<ShopperProfile>>(`/segments/${segment.id}/shopper-profiles`);
    const ofFirst = await api.get<Collection<Segment>>(`/shopper-profiles/${profiles[0]!.id}/segments`);

    // A segment's members come in their documented order (by bucket), not creation order.
    expect(members.body.data).toEqual(inMemberOrder(profiles));
    expect(ofFirst.body.data).toEqual([segment]);
  });

  it('5. updates the segment', async () => {
    const response = await api.put<{ data: Segment[] }>('/segments', [{ id: segment.id, name: 'Loyal buyers' }]);

    expect(response.status).toBe(201);
    expect(response.body.data[0]).toMatchObject({ id: segment.id, name: 'Loyal buyers', description: 'Bought more than twice' });
  });

  it('6. removes a profile from the segment', async () => {
    const response = await api.delete(`/segments/${segment.id}/shopper-profiles`, { query: { 'id:in': profiles[0]!.id } });
    const members = await api.get<Collection<ShopperProfile>>(`/segments/${segment.id}/shopper-profiles`);

    expect(response.status).toBe(204);
    expect(members.body.data).toEqual([profiles[1]]);
  });

  it('7. deletes the segment; the profiles remain', async () => {
    const response = await api.delete('/segments', { query: { 'id:in': segment.id } });
    const remaining = await api.get<Collection<ShopperProfile>>('/shopper-profiles');
    const ofSecond = await api.get<Collection<Segment>>(`/shopper-profiles/${profiles[1]!.id}/segments`);

    expect(response.status).toBe(204);
    expect(remaining.body.meta.pagination.total).toBe(2);
    expect(ofSecond.body.data).toEqual([]);
  });
});
