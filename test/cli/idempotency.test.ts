/**
 * The `segments` CLI's Idempotency-Keys: kept in the checkpoint, so a resumed import that sends a
 * write the killed run had sent is answered what that write did, not refused as a duplicate.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { writeKey } from '../../cli/src/idempotency-keys';
import { createSegmentationClient, type SegmentationClient, storeBaseUrl } from '../../contracts/client';
import { type CliConnection, runCli, summaryOf } from '../helpers/cli';
import { CommandGates } from '../helpers/gates';
import { startProxy } from '../helpers/proxy';
import { testDynamoClient, useServiceAndFreshStore } from '../helpers/service';

jest.setTimeout(120_000);

let gates: CommandGates;
const context = useServiceAndFreshStore({
  client: (): DynamoDBClient => {
    const client = testDynamoClient();
    gates = new CommandGates(client);
    return client;
  },
});
let dir: string;
let connection: CliConnection;
let client: SegmentationClient;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'segments-cli-keys-'));
  connection = { origin: context.service.origin, storeHash: context.api.storeHash, token: context.api.modifyToken };
  client = createSegmentationClient(storeBaseUrl(connection.origin, connection.storeHash), connection.token);
});
afterEach(() => {
  gates.clear();
  rmSync(dir, { recursive: true, force: true });
});

describe('a resumed import', () => {
  it('sends the killed run’s write with the key its checkpoint holds, and is answered what that write did', async () => {
    // One customer: one add, whose key the test can work out as the CLI does.
    const customers = [101];
    const file = join(dir, 'resume.csv');
    writeFileSync(file, `customer_id\n${customers.join('\n')}\n`);
    const created = await client.createShopperProfiles(customers.map((customer_id) => ({ customer_id })));
    const profileIds = created.data!.data.map((profile) => profile.id);
    const segment = (await client.createSegments([{ name: 'Resumed' }])).data!.data[0]!;
    // What the killed run left: its checkpoint, with the prefix of its keys, in the members phase.
    const prefix = 'killed-run-prefix';
    writeFileSync(
      `${file}.segments-checkpoint.json`,
      JSON.stringify({
        format: 'segments-import-checkpoint/1',
        file: { path: resolve(file), size: statSync(file).size, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') },
        segment: { name: 'Resumed', id: segment.id },
        mirror: false,
        phase: 'members',
        counts: { profilesCreated: 0, membersAdded: 0, removed: 0 },
        idempotencyKeyPrefix: prefix,
        runs: 1,
        updatedAt: new Date().toISOString(),
      }),
    );
    // ...and its add, still in flight at the service when the run was killed: held at its commit.
    const key = writeKey(prefix, 'members', [segment.id, ...profileIds]);
    const held = gates.hold((sent) => sent.command === 'TransactWriteItemsCommand');
    const killedRunsAdd = client.addSegmentProfiles(segment.id, profileIds, { idempotencyKey: key });
    await held.reached;
    const proxy = await startProxy(connection.origin);
    const adds = () =>
      proxy.seen.filter((r) => r.method === 'POST' && r.path.includes('/segments/') && r.path.endsWith('/shopper-profiles'));
    // The killed run's add commits once the resumed run has sent its own (and been told to wait).
    proxy.rule = () => {
      if (adds().length === 1) setTimeout(() => held.release(), 200);
      return undefined;
    };

    try {
      const resumed = await runCli(['import', '--segment', 'Resumed', '--file', file, '--json'], { ...connection, origin: proxy.origin });

      expect(resumed.code).toBe(0);
      expect(resumed.stderr).toContain('resuming the import');
      expect(summaryOf(resumed)).toMatchObject({ resumed: true, membersAdded: 1, alreadyMembers: 0, failed: 0 });
      // Sent twice with the one key: 409 while the killed run's add was running, then its 201 replayed.
      expect(adds().length).toBeGreaterThanOrEqual(2);
      expect(adds().every((r) => r.idempotencyKey === key)).toBe(true);
      expect((await killedRunsAdd).response.status).toBe(201);
      const members = await client.listSegmentProfiles(segment.id, { limit: 250 });
      expect(members.data?.meta.pagination.total).toBe(1);
    } finally {
      held.release();
      await proxy.stop();
    }
  });
});
