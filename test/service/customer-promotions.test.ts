import { addMembers, type Collection, createProfiles, createSegments, type ErrorResponse } from '../helpers/factories';
import type { Targeting } from '../helpers/promotions';
import { useServiceAndFreshStore } from '../helpers/service';

const ctx = useServiceAndFreshStore();

async function target(promotionId: number, expression: unknown): Promise<void> {
  const response = await ctx.api.put(`/promotions/${promotionId}/customer-segments`, expression);
  expect(response.status).toBe(200);
}

async function promotionIdsOf(path: string): Promise<number[]> {
  const response = await ctx.api.get<Collection<Targeting>>(path, { token: ctx.api.readOnlyToken });
  expect(response.status).toBe(200);
  expect(response.body.meta.pagination.total).toBe(response.body.data.length);
  return response.body.data.map((targeting) => targeting.promotion_id);
}

describe('GET /customers/{customerId}/promotions', () => {
  it("answers the promotions that hold for the customer's profile, and for a customer without one those that hold for no segment", async () => {
    const [vip, other] = await createSegments(ctx.api, 2);
    const [profile] = await createProfiles(ctx.api, 1);
    await addMembers(ctx.api, vip!.id, [profile!.id]);
    await target(3, { id: [vip!.id] });
    await target(1, { not: { id: [vip!.id] } });
    await target(2, { id: [other!.id] });
    await target(4, { and: [{ id: [vip!.id] }, { not: { id: [other!.id] } }] });

    expect(await promotionIdsOf(`/customers/${profile!.customer_id}/promotions`)).toEqual([3, 4]);
    expect(await promotionIdsOf(`/shopper-profiles/${profile!.id}/promotions`)).toEqual([3, 4]);
    // A customer the store has no profile for is a profile in no segment.
    expect(await promotionIdsOf('/customers/987654/promotions')).toEqual([1]);
  });

  it('follows the profile: a customer removed from a segment loses its promotion on the next call', async () => {
    const [vip] = await createSegments(ctx.api, 1);
    const [profile] = await createProfiles(ctx.api, 1);
    await addMembers(ctx.api, vip!.id, [profile!.id]);
    await target(7, { id: [vip!.id] });
    expect(await promotionIdsOf(`/customers/${profile!.customer_id}/promotions`)).toEqual([7]);

    await ctx.api.delete(`/segments/${vip!.id}/shopper-profiles`, { query: { 'id:in': profile!.id } });

    expect(await promotionIdsOf(`/customers/${profile!.customer_id}/promotions`)).toEqual([]);
  });

  it('makes a guest profile eligible exactly like a customer profile', async () => {
    const [vip] = await createSegments(ctx.api, 1);
    const created = await ctx.api.post<{ data: { id: string }[] }>('/shopper-profiles', [{ guest_id: 'visitor-1' }]);
    expect(created.status).toBe(201);
    const guestProfileId = created.body.data[0]!.id;
    await addMembers(ctx.api, vip!.id, [guestProfileId]);
    await target(5, { id: [vip!.id] });
    await target(6, { not: { id: [vip!.id] } });

    expect(await promotionIdsOf(`/shopper-profiles/${guestProfileId}/promotions`)).toEqual([5]);
  });

  it.each(['0', '-3', 'abc', '1.5', '2147483648'])('answers 400 in the envelope for the customer id %s', async (customerId) => {
    const response = await ctx.api.get<ErrorResponse>(`/customers/${customerId}/promotions`);

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ status: 400, title: expect.any(String), errors: { customerId: expect.any(String) } });
  });

  it('answers 401 without a token', async () => {
    const response = await ctx.api.get<ErrorResponse>('/customers/1/promotions', { token: null });

    expect(response.status).toBe(401);
  });
});
