import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Logger, silentLogger } from '../../service/src/logger';
import { keys } from '../../service/src/store/keys';
import { newStore } from '../helpers/api';
import { type EventsHarness, eventually, feedUntil, readFeed, startEventsHarness } from '../helpers/events';
import { createProfiles, createSegments } from '../helpers/factories';
import { testDynamoClient } from '../helpers/service';

/**
 * A client that dies: once `armed` has let `survive` more feed transactions through, every call
 * it makes fails, as calls from a process that was killed never arrive.
 */
function killableClient(): { client: DynamoDBClient; arm(survive: number): void; readonly dead: boolean } {
  const client = testDynamoClient();
  let remaining: number | undefined;
  let dead = false;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (dead) throw new Error('killed');
      if (remaining !== undefined && context.commandName === 'TransactWriteItemsCommand') {
        if (remaining === 0) {
          dead = true;
          throw new Error('killed');
        }
        remaining -= 1;
      }
      return next(args);
    },
    { step: 'initialize', name: 'killSwitch' },
  );
  return {
    client,
    arm: (survive) => {
      remaining = survive;
    },
    get dead() {
      return dead;
    },
  };
}

describe('the publisher, when it fails', () => {
  describe('killed in the middle of a batch and started again', () => {
    let harness: EventsHarness;
    const killable = killableClient();
    beforeAll(async () => {
      harness = await startEventsHarness({ publisher: { client: killable.client } });
    });
    afterAll(async () => {
      await harness.stop();
    });

    it('loses no event, appends none twice, and delivers again with the same ids', async () => {
      const api = await newStore(harness.service);
      const [segment] = await createSegments(api, 1);
      const profiles = await createProfiles(api, 50);
      const before = await feedUntil(
        api,
        (event) => event.type === 'shopper_profile.created' && event.data.shopper_profile.id === profiles.at(-1)!.id,
      );
      // 50 joins make 50 events: more than one feed transaction holds (49), so the kill lands between two.
      killable.arm(1);
      await api.post(
        `/segments/${segment!.id}/shopper-profiles`,
        profiles.map((p) => p.id),
      );
      expect(await eventually(async () => killable.dead)).toBe(true);
      await harness.publisher.stop();
      const halfway = (await readFeed(api)).events;
      const deliveredBeforeKill = harness.output.length;

      await harness.restartPublisher();
      const after = await feedUntil(api, () => harness.output.length > deliveredBeforeKill + 50, 20_000).then(() => readFeed(api));

      const joins = after.events.filter((event) => event.type === 'segment.shopper_profile_added');
      expect(halfway.length).toBeGreaterThan(before.length);
      expect(halfway.length).toBeLessThan(before.length + 50);
      expect(joins.map((e) => e.type === 'segment.shopper_profile_added' && e.data.shopper_profile_id).sort()).toEqual(
        profiles.map((p) => p.id).sort(),
      );
      expect(after.events.map((e) => e.position)).toEqual(after.events.map((_, i) => i + 1));
      expect(new Set(after.events.map((e) => e.id)).size).toBe(after.events.length);
      // What the restarted publisher delivered again is what the feed holds under the same id.
      const byId = new Map(after.events.map((event) => [event.id, event]));
      const redelivered = harness.output.slice(deliveredBeforeKill);
      expect(redelivered.filter((event) => before.some((b) => b.id === event.id)).length).toBe(before.length);
      for (const event of harness.output) expect(byId.get(event.id)).toEqual(event);
    });
  });

  describe('given a stream record it cannot read', () => {
    let harness: EventsHarness;
    const logged: { msg: string; fields?: Record<string, unknown> }[] = [];
    const logger: Logger = { ...silentLogger, error: (msg, fields) => logged.push({ msg, fields }) };
    const failures: string[] = [];
    beforeAll(async () => {
      harness = await startEventsHarness({
        publisher: { logger, attemptsPerRecord: 3, onFailure: (failed) => void failures.push(failed.record.eventId) },
      });
    });
    afterAll(async () => {
      await harness.stop();
    });

    it('logs and counts it, sends it to the failure path after its retries, and keeps the stream flowing', async () => {
      const api = await newStore(harness.service);
      // A segment node without the name every segment has: what a bad migration or a hand edit leaves.
      await harness.service.db.send(
        new PutCommand({
          TableName: harness.service.tableName,
          Item: {
            ...keys.segment(api.storeHash, '0190d3a0-0000-7000-8000-000000000001'),
            id: '0190d3a0-0000-7000-8000-000000000001',
            entity: 'segment',
          },
        }),
      );
      await createSegments(api, 1, 'later');

      const events = await feedUntil(api, (event) => event.type === 'segment.created');

      expect(events.map((event) => event.type)).toEqual(['segment.created']);
      expect(failures).toHaveLength(1);
      expect(harness.publisher.publisher.counts.malformed).toBe(3);
      expect(harness.publisher.reader.failed).toHaveLength(1);
      expect(logged.filter((line) => line.msg === 'stream record not readable')).toHaveLength(3);
      expect(logged.find((line) => line.msg === 'stream record sent to the failure path')?.fields).toMatchObject({
        event_id: failures[0],
        reason: expect.stringContaining('a segment image'),
      });
    });
  });
});
