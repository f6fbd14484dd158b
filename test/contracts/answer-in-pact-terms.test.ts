/**
 * The verifier writes each id the provider states made back as the example a pact writes for it
 * (`stateId`), so an equality match in a pact holds exactly when the provider answered that id.
 */
import { EXAMPLE_IDS, stateValueExample } from '../../contracts/client/conventions';
import { withExamples } from '../../contracts/provider/request-filter';

const REAL_SEGMENT = '01a24162-c51f-701e-a39c-282a49bfce71';
const REAL_PROFILE = '01a24162-c520-7d01-82a3-4a0a4d590eab';

describe('answers in the pacts’ terms', () => {
  const examples = new Map([
    [REAL_SEGMENT, EXAMPLE_IDS.segment],
    [REAL_PROFILE, EXAMPLE_IDS.otherProfile],
  ]);

  it('writes every whole string that is an id a state made as its example, at any depth', () => {
    const answer = {
      data: { id: REAL_PROFILE, segment_ids: [REAL_SEGMENT], customer_segments: { not: { id: [REAL_SEGMENT] } } },
      meta: { pagination: { total: 1 } },
    };

    expect(withExamples(answer, examples)).toEqual({
      data: { id: EXAMPLE_IDS.otherProfile, segment_ids: [EXAMPLE_IDS.segment], customer_segments: { not: { id: [EXAMPLE_IDS.segment] } } },
      meta: { pagination: { total: 1 } },
    });
  });

  it('leaves any other id, a string that only contains one, and object keys as they are', () => {
    const other = '01a24162-aaaa-7bbb-8ccc-dddddddddddd';
    const answer = { data: { id: other, detail: `Segment \`${REAL_SEGMENT}\` does not exist.` }, errors: { [REAL_SEGMENT]: 'x' } };

    expect(withExamples(answer, examples)).toEqual(answer);
  });
});

describe('the example of each id a state returns', () => {
  it('is one per name, the same for names that are the same id, and a UUID', () => {
    const names = [
      'segmentId',
      'segmentId0',
      'segmentId1',
      'segmentId2',
      'segmentId12',
      'shopperProfileId',
      'guestProfileId',
      'customerProfileId',
    ];
    const examples = names.map(stateValueExample);

    expect(examples.every((example) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(example ?? ''))).toBe(true);
    expect(stateValueExample('segmentId')).toBe(stateValueExample('segmentId0'));
    expect(new Set([examples[1], examples[2], examples[3], examples[4]]).size).toBe(4);
    expect(stateValueExample('guestProfileId')).not.toBe(stateValueExample('customerProfileId'));
    expect(stateValueExample('promotionId')).toBeUndefined();
    expect(stateValueExample('segmentIds')).toBeUndefined();
  });
});
