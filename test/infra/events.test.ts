import { PUBLISHER_ACCESS } from '../../infra/lib/events';
import { EVENT_SOURCE } from '../../service/src/events/eventbridge';
import { keys } from '../../service/src/store/keys';
import { filterMatches } from './event-filter';
import { type Synthesized, synth } from './synth';

type Resource = { Properties: Record<string, unknown> };
interface Statement {
  Action: string | string[];
  Resource: unknown;
}
type Policy = { Properties: { PolicyDocument: { Statement: Statement[] }; Roles: { Ref: string }[] } };

/** The change of one item as the stream carries it to Lambda (string attributes only, as the filters read them). */
const change = (item: Record<string, string>) => ({
  eventName: 'MODIFY',
  dynamodb: {
    Keys: { pk: { S: item.pk }, sk: { S: item.sk } },
    NewImage: Object.fromEntries(Object.entries(item).map(([name, value]) => [name, { S: value }])),
  },
});

describe('events on AWS: table stream → publisher function → EventBridge bus, archive and on-failure queue', () => {
  let s: Synthesized;
  beforeAll(() => {
    // Synthesizing runs cdk-nag: an unacknowledged finding on any part here would throw.
    s = synth({ stage: 'prod' });
  });
  const idOf = (construct: { node: { defaultChild?: unknown } }) => s.stack.getLogicalId(construct.node.defaultChild as never);
  const resource = (id: string) => s.template.toJSON().Resources[id] as Resource;
  const mapping = () => {
    const fn = idOf(s.stack.events.service.function);
    const found = Object.values(s.template.findResources('AWS::Lambda::EventSourceMapping')) as Resource[];
    return found.find((m) => (m.Properties.FunctionName as { Ref: string }).Ref === fn)!;
  };

  it('creates a custom bus and archives every event the service puts on it', () => {
    s.template.resourceCountIs('AWS::Events::EventBus', 1);
    s.template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [idOf(s.stack.events.bus), 'Arn'] },
      EventPattern: { source: [EVENT_SOURCE] },
      RetentionDays: 30,
    });
  });

  it('tells the publisher its bus and lets it put events on that bus only', () => {
    const fn = resource(idOf(s.stack.events.service.function));
    const role = idOf(s.stack.events.service.role);
    const statements = (Object.values(s.template.findResources('AWS::IAM::Policy')) as Policy[])
      .filter((policy) => policy.Properties.Roles.some((r) => r.Ref === role))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);

    expect(fn.Properties.Environment).toEqual({
      Variables: expect.objectContaining({ EVENT_BUS_NAME: { Ref: idOf(s.stack.events.bus) }, TABLE_NAME: expect.anything() }),
    });
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: 'events:PutEvents', Resource: { 'Fn::GetAtt': [idOf(s.stack.events.bus), 'Arn'] } }),
    );
    // On the table: exactly what the feed append and the lookups do; nothing on the index.
    const onTable = statements.filter(
      (st) => JSON.stringify(st.Resource) === JSON.stringify({ 'Fn::GetAtt': [idOf(s.stack.data.table), 'Arn'] }),
    );
    expect(onTable.flatMap((st) => [st.Action].flat()).sort()).toEqual([...PUBLISHER_ACCESS.tableActions].sort());
    expect(statements.some((st) => JSON.stringify(st.Resource).includes('/index/'))).toBe(false);
  });

  it('reads the stream from the trim horizon, one batch a shard at a time, no batching window, retrying only what failed', () => {
    expect(mapping().Properties).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      ParallelizationFactor: 1,
      MaximumBatchingWindowInSeconds: 0,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [idOf(s.stack.events.deadLetterQueue), 'Arn'] } } },
    });
    s.template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
  });

  it("is invoked for the changes that can announce something, and not for edges, markers or the feed's own items", () => {
    const filters = (mapping().Properties.FilterCriteria as { Filters: { Pattern: string }[] }).Filters.map((f) => JSON.parse(f.Pattern));
    const invokes = (item: Record<string, string>) => filters.some((pattern) => filterMatches(pattern, change(item)));
    const h = 'store1';

    expect(invokes({ ...keys.segment(h, 'a'), entity: 'segment' })).toBe(true);
    expect(invokes({ ...keys.profile(h, 'a'), entity: 'profile' })).toBe(true);
    expect(invokes({ ...keys.promotion(h, 7) })).toBe(true);
    expect(invokes({ ...keys.guestMerge(h, 'guest-1') })).toBe(true);
    expect(invokes({ ...keys.membership(h, 'a', 'b') })).toBe(false);
    expect(invokes({ ...keys.event(h, 1) })).toBe(false);
    expect(invokes({ ...keys.eventId(h, 'x') })).toBe(false);
    expect(invokes({ ...keys.listHeader(keys.eventsPartition(h), 'EVENT#') })).toBe(false);
    expect(invokes({ ...keys.segmentName(h, 'VIP') })).toBe(false);
    // A hook's item is written at every delivery (its position, its lease): none of them is an event.
    expect(invokes({ ...keys.hook(h, 'a'), entity: 'hook' })).toBe(false);
  });

  it('alarms on the on-failure queue, the errors and the iterator age of the publisher', () => {
    const fn = idOf(s.stack.events.service.function);
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn } }],
      Threshold: 60_000,
    });
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn } }],
    });
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [idOf(s.stack.events.deadLetterQueue), 'QueueName'] } }],
      Threshold: 1,
    });
  });

  it('outputs the bus name and the on-failure queue URL', () => {
    const outputs = s.template.findOutputs('*');
    expect(outputs.EventBusName?.Value).toEqual({ Ref: idOf(s.stack.events.bus) });
    expect(outputs.EventsDeadLetterQueueUrl?.Value).toEqual({ Ref: idOf(s.stack.events.deadLetterQueue) });
  });
});
