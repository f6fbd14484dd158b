import { Match } from 'aws-cdk-lib/assertions';
import { HOOKS_SETTINGS } from '../../infra/lib/hooks';
import { EVENT_SOURCE } from '../../service/src/events/eventbridge';
import { type Synthesized, synth } from './synth';

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
}
type Policy = { Properties: { PolicyDocument: { Statement: Statement[] }; Roles: { Ref: string }[] } };

const idOf = (s: Synthesized, construct: { node: { defaultChild?: unknown } }) =>
  s.stack.getLogicalId(construct.node.defaultChild as never);

/** Every IAM statement attached to a role. */
function statementsOf(s: Synthesized, role: { node: { defaultChild?: unknown } }): Statement[] {
  const roleId = idOf(s, role);
  return (Object.values(s.template.findResources('AWS::IAM::Policy')) as Policy[])
    .filter((policy) => policy.Properties.Roles.some((r) => r.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}
const actionsOf = (statements: Statement[]) => statements.flatMap((statement) => [statement.Action].flat());

describe('webhook deliveries: wake-up queue → delivery function, KMS-sealed secrets, alarms', () => {
  let s: Synthesized;
  beforeAll(() => {
    // synth runs cdk-nag: an unacknowledged finding on any of these parts throws here.
    s = synth({ stage: 'prod' });
  });

  it('feeds the wake-up queue to the delivery function, reporting the messages that failed', () => {
    const hooks = s.stack.hooks;
    s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [idOf(s, hooks.queue), 'Arn'] },
      FunctionName: { Ref: idOf(s, hooks.service.function) },
      BatchSize: HOOKS_SETTINGS.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('sets aside a wake-up after 5 receives in an encrypted dead-letter queue, and keeps messages invisible 6 function timeouts', () => {
    const hooks = s.stack.hooks;
    s.template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [idOf(s, hooks.deadLetterQueue), 'Arn'] }, maxReceiveCount: 5 },
      VisibilityTimeout: HOOKS_SETTINGS.timeout.toSeconds() * 6,
      SqsManagedSseEnabled: true,
    });
  });

  it('seals secrets with a rotating KMS key: the API may only encrypt, the delivery function only decrypt', () => {
    const hooks = s.stack.hooks;
    s.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const keyArn = { 'Fn::GetAtt': [idOf(s, hooks.key), 'Arn'] };
    const api = statementsOf(s, s.stack.service.role).filter((statement) => JSON.stringify(statement.Resource) === JSON.stringify(keyArn));
    const delivery = statementsOf(s, hooks.service.role).filter(
      (statement) => JSON.stringify(statement.Resource) === JSON.stringify(keyArn),
    );

    expect(actionsOf(api)).toEqual(['kms:Encrypt']);
    expect(actionsOf(delivery)).toEqual(['kms:Decrypt']);
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ HOOKS_KMS_KEY_ID: keyArn, TABLE_NAME: Match.anyValue() }) },
      Description: Match.stringLikeRegexp('Customer Segmentation API'),
    });
  });

  it("wakes a store's hooks for each event of ours put on the bus: a wake-up for the event's store on the queue", () => {
    const hooks = s.stack.hooks;
    s.template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: idOf(s, s.stack.events.bus) },
      EventPattern: { source: [EVENT_SOURCE], detail: { store_hash: [{ exists: true }] } },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [idOf(s, hooks.queue), 'Arn'] },
          InputTransformer: {
            InputPathsMap: { 'detail-store_hash': '$.detail.store_hash' },
            InputTemplate: '{"store_hash":<detail-store_hash>}',
          },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [idOf(s, hooks.deadLetterQueue), 'Arn'] } },
        }),
      ],
    });
    expect(hooks.published).toBeDefined();
  });

  it('gives the delivery function Query, GetItem and UpdateItem on the table, nothing on the index', () => {
    const hooks = s.stack.hooks;
    const tableArn = { 'Fn::GetAtt': [idOf(s, s.stack.data.table), 'Arn'] };
    const onTable = statementsOf(s, hooks.service.role).filter(
      (statement) => JSON.stringify(statement.Resource) === JSON.stringify(tableArn),
    );

    expect(actionsOf(onTable).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    expect(JSON.stringify(statementsOf(s, hooks.service.role))).not.toContain('/index/');
  });

  it('never lets the deployed functions deliver to loopback', () => {
    for (const fn of Object.values(s.template.findResources('AWS::Lambda::Function'))) {
      expect(JSON.stringify(fn)).not.toContain('HOOKS_ALLOW_LOOPBACK');
    }
  });

  it('sweeps every 5 minutes, for retries whose wake-up was lost', () => {
    s.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [Match.objectLike({ Input: JSON.stringify({ sweep: true }) })],
    });
  });

  it('alarms on dead letters, errors, a wake-up waiting too long and a deactivated hook, to the stage topic', () => {
    const topic = { Ref: idOf(s, s.stack.observability.topic) };
    const alarms = s.template.toJSON().Resources as Record<string, { Properties: { AlarmActions?: unknown; OKActions?: unknown } }>;
    for (const alarm of s.stack.hooks.alarms) {
      const { Properties } = alarms[idOf(s, alarm)]!;
      expect(Properties.AlarmActions).toEqual([topic]);
      expect(Properties.OKActions).toEqual([topic]);
    }
    expect(s.stack.hooks.alarms.map((alarm) => alarm.node.id)).toEqual(['DeadLetters', 'Errors', 'OldestWakeUp', 'Deactivations']);
    s.template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.msg = "hook delivery failed" && $.deactivated IS TRUE }',
    });
  });
});
