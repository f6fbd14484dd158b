import { App, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { SERVICE_ENTRY } from '../../infra/lib/segmentation-stack';
import { ServiceFunction } from '../../infra/lib/service-function';
import { CDK_JSON_CONTEXT } from './synth';

/** The construct on its own, in a stack of its own (cdk.json's feature flags, bundling skipped). */
function synthFunction(props: Partial<ConstructorParameters<typeof ServiceFunction>[2]> = {}): Template {
  const app = new App({ context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Test');
  new ServiceFunction(stack, 'Fn', { entry: SERVICE_ENTRY, ...props });
  return Template.fromStack(stack);
}

describe('ServiceFunction, our Lambda defaults', () => {
  let defaults: Template;
  beforeAll(() => {
    defaults = synthFunction();
  });

  it('runs on Node.js 22 on arm64 with X-Ray tracing, an explicit memory size and timeout', () => {
    defaults.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      MemorySize: 1024,
      Timeout: 10,
      Handler: 'index.handler',
    });
  });

  it('leaves Node’s source-map support off, which would index the map on every cold start', () => {
    const [fn] = Object.values(defaults.findResources('AWS::Lambda::Function')) as { Properties: Record<string, unknown> }[];
    expect(fn?.Properties.Environment).toBeUndefined();
  });

  it('logs JSON into a log group of its own that has a retention', () => {
    const logGroups = defaults.findResources('AWS::Logs::LogGroup');
    const [logGroupId] = Object.keys(logGroups);

    expect(Object.keys(logGroups)).toHaveLength(1);
    defaults.hasResource('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 30 }, DeletionPolicy: 'Delete' });
    defaults.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'INFO', LogGroup: { Ref: logGroupId } },
    });
  });

  it('may write to its own log group and nothing else, no managed policy attached', () => {
    const logGroupId = Object.keys(defaults.findResources('AWS::Logs::LogGroup'))[0];

    defaults.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] },
      ManagedPolicyArns: Match.absent(),
    });
    defaults.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] } },
          { Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], Effect: 'Allow', Resource: '*' },
        ],
      },
    });
  });

  it('leaves reserved concurrency unset unless given', () => {
    defaults.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: Match.absent() });
  });

  it('takes memory, timeout, retention, removal and reserved concurrency from its props', () => {
    const template = synthFunction({
      memorySize: 512,
      timeout: Duration.seconds(20),
      logRetention: RetentionDays.ONE_YEAR,
      logRemovalPolicy: RemovalPolicy.RETAIN,
      reservedConcurrentExecutions: 7,
      environment: { EXTRA: 'yes' },
    });

    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 512,
      Timeout: 20,
      ReservedConcurrentExecutions: 7,
      Environment: { Variables: { EXTRA: 'yes' } },
    });
    template.hasResource('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 365 }, DeletionPolicy: 'Retain' });
  });

  it('acknowledges its cdk-nag findings with the reasons of the way it is invoked and granted', () => {
    const app = new App({ context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Test');
    const defaultFn = new ServiceFunction(stack, 'Api', { entry: SERVICE_ENTRY });
    const streamFn = new ServiceFunction(stack, 'Stream', {
      entry: SERVICE_ENTRY,
      withoutDeadLetterQueueBecause: 'A stream event source mapping invokes it; its own on-failure queue takes what it gives up on.',
      otherWildcardResources: 'dynamodb:ListStreams has no resource-level permission.',
    });
    const reasons = (scope: { node: { metadata: { type: string; data: unknown }[] } }) =>
      Object.assign(
        {},
        ...scope.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data),
      ) as Record<string, string>;
    const dlq = (fn: ServiceFunction) => Object.entries(reasons(fn.function)).find(([id]) => id.endsWith('Serverless-LambdaDLQ'))?.[1];
    const wildcard = (fn: ServiceFunction) => Object.entries(reasons(fn.role)).find(([id]) => id.includes('IAM5'))?.[1];

    expect(dlq(defaultFn)).toMatch(/API Gateway invokes the function synchronously/);
    expect(dlq(streamFn)).toMatch(/stream event source mapping/);
    expect(wildcard(defaultFn)).toMatch(/^X-Ray tracing: .*"\*"\.$/);
    expect(wildcard(streamFn)).toMatch(/^X-Ray tracing: .* dynamodb:ListStreams has no resource-level permission\.$/);
  });
});
