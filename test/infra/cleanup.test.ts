import { Match } from 'aws-cdk-lib/assertions';
import type { DynamoDBRecord } from 'aws-lambda';
import { CLEANUP_ACCESS } from '../../infra/lib/data';
import { CLEANUP_MODE, loadConfig } from '../../service/src/config';
import { SEGMENTS_BY_PROFILE_INDEX } from '../../service/src/store/schema';
import { cleanupTaskOf } from '../../service/src/workflows/cleanup';
import { anyFilterMatches, eventSourceFilters } from './event-filter';
import { type Synthesized, synth } from './synth';

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
}
type Resource = { Properties: Record<string, unknown>; DependsOn?: string[] };
type Policy = { Properties: { PolicyDocument: { Statement: Statement[] }; Roles: { Ref: string }[] } };

const STAGES = ['dev', 'prod'] as const;

const idOf = (s: Synthesized, construct: { node: { defaultChild?: unknown } }) =>
  s.stack.getLogicalId(construct.node.defaultChild as never);
const resource = (s: Synthesized, id: string) => s.template.toJSON().Resources[id] as Resource;
const only = (s: Synthesized, type: string, idPrefix = ''): [string, Resource] => {
  const entries = Object.entries(s.template.findResources(type)).filter(([id]) => id.startsWith(idPrefix));
  expect(entries).toHaveLength(1);
  return entries[0] as [string, Resource];
};
const actions = (statement: Statement) => [statement.Action].flat();
/** The cleanup's mapping of the table's stream (the event publisher has one of its own; the webhooks' reads a queue). */
const streamMapping = (s: Synthesized): [string, Resource] => {
  const entries = Object.entries(s.template.findResources('AWS::Lambda::EventSourceMapping')).filter(
    ([id, mapping]) => id.startsWith('Cleanup') && JSON.stringify(mapping.Properties.EventSourceArn).includes('StreamArn'),
  );
  expect(entries).toHaveLength(1);
  return entries[0] as [string, Resource];
};

/** A stream record of an item as the service writes it (node items carry entity, store_hash and id). */
function record(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  oldImage: Record<string, string | number>,
  newImage?: Record<string, string | number>,
): DynamoDBRecord {
  const wire = (image: Record<string, string | number>) =>
    Object.fromEntries(Object.entries(image).map(([k, v]) => [k, typeof v === 'number' ? { N: String(v) } : { S: v }]));
  return {
    eventName,
    dynamodb: { SequenceNumber: '100', OldImage: wire(oldImage), ...(newImage ? { NewImage: wire(newImage) } : {}) },
  };
}

describe('the membership cleanup: table stream → cleanup function → dead-letter queue', () => {
  const synthesized: Partial<Record<(typeof STAGES)[number], Synthesized>> = {};
  beforeAll(() => {
    for (const stage of STAGES) synthesized[stage] = synth({ stage });
  });
  const of = (stage: (typeof STAGES)[number]) => synthesized[stage] as Synthesized;

  const cleanupStatements = (s: Synthesized): Statement[] => {
    const role = idOf(s, s.stack.cleanup.service.role);
    return (Object.values(s.template.findResources('AWS::IAM::Policy')) as Policy[])
      .filter((policy) => policy.Properties.Roles.some((r) => r.Ref === role))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
  };
  const filterPatterns = (s: Synthesized) => eventSourceFilters(s.template);

  it.each(STAGES)(
    "streams both images of every changed item: the old one names a removed node's cleanup, both give the events (%s)",
    (stage) => {
      of(stage).template.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' } });
    },
  );

  it.each(STAGES)('feeds the stream to the cleanup function from the trim horizon, a few records a batch (%s)', (stage) => {
    const s = of(stage);
    const [, mapping] = streamMapping(s);

    expect(mapping.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [idOf(s, s.stack.data.table), 'StreamArn'] },
      FunctionName: { Ref: idOf(s, s.stack.cleanup.service.function) },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 10,
    });
  });

  it.each(STAGES)('retries only the records that failed, halves a crashing batch, and gives up after bounded retries (%s)', (stage) => {
    const [, mapping] = streamMapping(of(stage));

    expect(mapping.Properties).toMatchObject({
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      // Within the stream's 24-hour retention, so a record reaches the queue before it is trimmed.
      MaximumRecordAgeInSeconds: 12 * 3600,
    });
  });

  it.each(STAGES)('sends the records it gives up on to the dead-letter queue (%s)', (stage) => {
    const s = of(stage);
    const [, mapping] = streamMapping(s);

    expect(mapping.Properties.DestinationConfig).toEqual({
      OnFailure: { Destination: { 'Fn::GetAtt': [idOf(s, s.stack.cleanup.deadLetterQueue), 'Arn'] } },
    });
  });

  it.each(STAGES)(
    'invokes the function only for removed segments, profiles removed by a delete of them, and records of deletes of every profile (%s)',
    (stage) => {
      expect(filterPatterns(of(stage))).toEqual([
        { eventName: ['REMOVE'], dynamodb: { OldImage: { entity: { S: ['segment'] } } } },
        { eventName: ['REMOVE'], dynamodb: { OldImage: { entity: { S: ['profile'] }, deleting: { S: [{ exists: true }] } } } },
        { eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['profiles-deletion'] } } } },
      ]);
    },
  );

  it('filters exactly the records the cleanup acts on', () => {
    const patterns = filterPatterns(of('prod'));
    const node = { store_hash: 'abc', id: '0190a3c2-0000-7000-8000-000000000001' };
    const records = {
      'a removed segment': record('REMOVE', { ...node, entity: 'segment', pk: 'STORE#abc#SEGMENTS' }),
      'a removed shopper profile': record('REMOVE', {
        ...node,
        entity: 'profile',
        pk: 'STORE#abc#PROFILES',
        sk: `PROFILE#${node.id}`,
        customer_id: 7,
        created_at: '2026-01-01T00:00:00.000Z',
        updated_at: '2026-01-01T00:00:00.000Z',
        deleting: '2026-01-02T00:00:00.000Z',
      }),
      'a recorded delete of every profile': record(
        'INSERT',
        {},
        { pk: 'STORE#abc#PROFILES', sk: `DELETED#${node.id}`, entity: 'profiles-deletion', store_hash: 'abc', through: node.id },
      ),
      'a shopper profile the cleanup removed': record('REMOVE', {
        ...node,
        entity: 'profile',
        pk: 'STORE#abc#PROFILES',
        sk: `PROFILE#${node.id}`,
      }),
      'a renamed segment': record('MODIFY', { ...node, entity: 'segment' }),
      'a created segment': record('INSERT', { ...node, entity: 'segment' }),
      'a removed membership edge': record('REMOVE', { ...node, pk: 'STORE#abc#SEGMENT#x' }),
      'a removed name marker': record('REMOVE', { store_hash: 'abc', pk: 'STORE#abc#SEGMENTS', sk: 'NAME#VIPs' }),
      'a removed token': record('REMOVE', { pk: 'STORE#abc', sk: 'TOKEN#f00' }),
    };

    const invoked = Object.entries(records).filter(([, r]) => anyFilterMatches(patterns, r));
    const actedOn = Object.entries(records).filter(([, r]) => cleanupTaskOf(r) !== undefined);

    expect(invoked.map(([name]) => name)).toEqual(['a removed segment', 'a removed shopper profile', 'a recorded delete of every profile']);
    expect(actedOn.map(([name]) => name)).toEqual(invoked.map(([name]) => name));
  });

  it.each(STAGES)('keeps dead letters 14 days in a queue encrypted at rest that refuses plain HTTP (%s)', (stage) => {
    const s = of(stage);
    const queueId = idOf(s, s.stack.cleanup.deadLetterQueue);

    expect(resource(s, queueId).Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    s.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it.each(STAGES)('alarms into the alarm topic as soon as a dead letter is in the queue (%s)', (stage) => {
    const s = of(stage);
    const topicId = idOf(s, s.stack.observability.topic);

    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [idOf(s, s.stack.cleanup.deadLetterQueue), 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      AlarmActions: [{ Ref: topicId }],
      OKActions: [{ Ref: topicId }],
    });
  });

  it.each(STAGES)("alarms on the cleanup function's errors and on a stream it has fallen an hour behind (%s)", (stage) => {
    const s = of(stage);
    const topicId = idOf(s, s.stack.observability.topic);
    const dimensions = [{ Name: 'FunctionName', Value: { Ref: idOf(s, s.stack.cleanup.service.function) } }];

    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: dimensions,
      Threshold: 1,
      AlarmActions: [{ Ref: topicId }],
    });
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Dimensions: dimensions,
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 3_600_000,
      AlarmActions: [{ Ref: topicId }],
    });
  });

  it('shows the dead letters and the iterator age on the dashboard', () => {
    const [, dashboard] = only(of('prod'), 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard.Properties.DashboardBody);

    for (const metric of ['ApproximateNumberOfMessagesVisible', 'IteratorAge']) expect(body).toContain(`"${metric}\\"`);
  });

  it.each(STAGES)('runs the cleanup on Node.js 22, arm64, traced, for up to 15 minutes, against the table (%s)', (stage) => {
    const s = of(stage);
    const fn = resource(s, idOf(s, s.stack.cleanup.service.function));

    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Handler: 'index.handler',
      Timeout: 900,
      MemorySize: 512,
      LoggingConfig: { LogFormat: 'JSON' },
    });
    expect(fn.Properties.Environment).toEqual({
      Variables: { TABLE_NAME: { Ref: idOf(s, s.stack.data.table) } },
    });
  });

  it('keeps the cleanup logs as long as the other logs of the stage', () => {
    for (const [stage, days, policy] of [
      ['dev', 14, 'Delete'],
      ['prod', 365, 'Retain'],
    ] as const) {
      const s = of(stage);
      const logGroup = s.template.toJSON().Resources[idOf(s, s.stack.cleanup.service.logGroup)];
      expect(logGroup).toMatchObject({ Properties: { RetentionInDays: days }, DeletionPolicy: policy });
    }
  });

  it.each(STAGES)('may remove edges and adjust counts, and read the stream, and nothing else (%s)', (stage) => {
    const s = of(stage);
    const tableId = idOf(s, s.stack.data.table);
    const statements = cleanupStatements(s);
    const on = (resourceRef: unknown) => statements.filter((st) => JSON.stringify(st.Resource) === JSON.stringify(resourceRef));

    expect(
      on({ 'Fn::GetAtt': [tableId, 'Arn'] })
        .flatMap(actions)
        .sort(),
    ).toEqual(
      [
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:DeleteItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ].sort(),
    );
    expect([...CLEANUP_ACCESS.tableActions].sort()).toEqual(
      on({ 'Fn::GetAtt': [tableId, 'Arn'] })
        .flatMap(actions)
        .sort(),
    );
    expect(
      on({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, `/index/${SEGMENTS_BY_PROFILE_INDEX.name}`]] }).flatMap(actions),
    ).toEqual(['dynamodb:Query']);
    expect(
      on({ 'Fn::GetAtt': [tableId, 'StreamArn'] })
        .flatMap(actions)
        .sort(),
    ).toEqual(['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'].sort());
    expect(
      on({ 'Fn::GetAtt': [idOf(s, s.stack.cleanup.deadLetterQueue), 'Arn'] })
        .flatMap(actions)
        .sort(),
    ).toEqual(['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'].sort());
    expect(
      on({ 'Fn::GetAtt': [idOf(s, s.stack.cleanup.service.logGroup), 'Arn'] })
        .flatMap(actions)
        .sort(),
    ).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    // Nothing granted anywhere else, and no wildcard but what supports no resource: X-Ray and ListStreams.
    expect(statements.every((st) => st.Effect === 'Allow')).toBe(true);
    expect(statements.flatMap(actions).filter((a) => a.includes('*'))).toEqual([]);
    expect(on('*').flatMap(actions).sort()).toEqual(['dynamodb:ListStreams', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    expect(statements.flatMap(actions)).toHaveLength(6 + 1 + 3 + 3 + 2 + 3);
  });

  it.each(STAGES)('tells the API function that the stream cleans up, and updates it only once the stream is wired (%s)', (stage) => {
    const s = of(stage);
    const api = resource(s, idOf(s, s.stack.service.function));
    const [mappingId] = streamMapping(s);

    expect(api.Properties.Environment).toEqual({ Variables: expect.objectContaining({ CLEANUP_MODE: 'stream' }) });
    // The value the stack sets is the one the service reads as "leave cleanup to the stream".
    const set = (api.Properties.Environment as { Variables: Record<string, string> }).Variables;
    expect(loadConfig({ [CLEANUP_MODE.name]: set[CLEANUP_MODE.name] }).cleanupByStream).toBe(true);
    expect(api.DependsOn).toContain(mappingId);
  });

  it('outputs the dead-letter queue URL and the cleanup function name, for the runbook', () => {
    const s = of('prod');
    const outputs = s.template.findOutputs('*');

    expect(outputs.CleanupDeadLetterQueueUrl?.Value).toEqual({ Ref: idOf(s, s.stack.cleanup.deadLetterQueue) });
    expect(outputs.CleanupFunctionName?.Value).toEqual({ Ref: idOf(s, s.stack.cleanup.service.function) });
  });
});
