import { Match } from 'aws-cdk-lib/assertions';
import { type Synthesized, synth } from './synth';

type Alarm = { Properties: Record<string, unknown> };

const alarms = (s: Synthesized) => Object.values(s.template.findResources('AWS::CloudWatch::Alarm')) as Alarm[];
/** The metric names an alarm watches, plain or inside a metric math expression. */
const metricNames = (alarm: Alarm) =>
  alarm.Properties.MetricName
    ? [`${alarm.Properties.Namespace}/${alarm.Properties.MetricName}`]
    : (alarm.Properties.Metrics as { MetricStat?: { Metric: { Namespace: string; MetricName: string } } }[])
        .flatMap((m) => (m.MetricStat ? [`${m.MetricStat.Metric.Namespace}/${m.MetricStat.Metric.MetricName}`] : []))
        .filter((name, i, all) => all.indexOf(name) === i);
const alarmOn = (s: Synthesized, metric: string) => {
  const found = alarms(s).filter((a) => metricNames(a).includes(metric));
  expect(found).toHaveLength(1);
  return found[0] as Alarm;
};

describe('alarms and dashboard', () => {
  let dev: Synthesized;
  let prod: Synthesized;
  beforeAll(() => {
    dev = synth({ stage: 'dev' });
    prod = synth({ stage: 'prod', alarmEmail: 'ops@example.com', latencyAlarmP99Ms: '800' });
  });

  it.each(['dev', 'prod'] as const)(
    'alarms on API 5xx and latency, function errors and throttles, DynamoDB throttles and system errors, the cleanup, the event publisher and the webhooks (%s)',
    (stage) => {
      const s = stage === 'dev' ? dev : prod;

      expect(alarms(s).map(metricNames).sort()).toEqual(
        [
          ['AWS/ApiGateway/5XXError'],
          ['AWS/ApiGateway/Latency'],
          ['AWS/Lambda/Errors'],
          ['AWS/Lambda/Throttles'],
          ['AWS/DynamoDB/ThrottledRequests'],
          ['AWS/DynamoDB/SystemErrors'],
          ['AWS/Lambda/Errors'],
          ['AWS/Lambda/IteratorAge'],
          ['AWS/SQS/ApproximateNumberOfMessagesVisible'],
          // Webhook deliveries (infra/lib/hooks.ts; test/infra/hooks.test.ts).
          ['AWS/SQS/ApproximateNumberOfMessagesVisible'],
          ['AWS/Lambda/Errors'],
          ['AWS/SQS/ApproximateAgeOfOldestMessage'],
          ['CustomerSegmentation/Hooks/Deactivations'],
          // The event publisher's: errors, iterator age, on-failure queue.
          ['AWS/Lambda/Errors'],
          ['AWS/Lambda/IteratorAge'],
          ['AWS/SQS/ApproximateNumberOfMessagesVisible'],
        ].sort(),
      );
    },
  );

  it('watches the p99 latency of the API stage against the threshold from context', () => {
    const [stageId] = Object.keys(prod.template.findResources('AWS::ApiGateway::Stage'));

    expect(alarmOn(prod, 'AWS/ApiGateway/Latency').Properties).toMatchObject({
      ExtendedStatistic: 'p99',
      Threshold: 800,
      Dimensions: [
        { Name: 'ApiName', Value: 'CustomerSegmentation-prod' },
        { Name: 'Stage', Value: { Ref: stageId } },
      ],
    });
    expect(alarmOn(dev, 'AWS/ApiGateway/Latency').Properties.Threshold).toBe(1000);
  });

  it('counts DynamoDB throttles and system errors over every operation the service calls', () => {
    for (const metric of ['AWS/DynamoDB/ThrottledRequests', 'AWS/DynamoDB/SystemErrors']) {
      const operations = (
        alarmOn(prod, metric).Properties.Metrics as { MetricStat?: { Metric: { Dimensions: { Name: string; Value: unknown }[] } } }[]
      )
        .flatMap((m) => m.MetricStat?.Metric.Dimensions ?? [])
        .filter((d) => d.Name === 'Operation')
        .map((d) => d.Value);

      expect(operations.sort()).toEqual(
        ['BatchGetItem', 'BatchWriteItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'TransactWriteItems', 'UpdateItem'].sort(),
      );
    }
  });

  it('notifies the SNS topic when an alarm fires and when it clears, and treats no data as fine', () => {
    const [topicId] = Object.keys(prod.template.findResources('AWS::SNS::Topic'));

    for (const alarm of alarms(prod)) {
      expect(alarm.Properties).toMatchObject({
        AlarmActions: [{ Ref: topicId }],
        OKActions: [{ Ref: topicId }],
        TreatMissingData: 'notBreaching',
      });
    }
  });

  it('subscribes the alarm e-mail from context, and nobody when none is given', () => {
    prod.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    dev.template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('accepts only TLS publishers on the alarm topic', () => {
    prod.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('has a dashboard with the same figures and every alarm', () => {
    const dashboard = Object.values(prod.template.findResources('AWS::CloudWatch::Dashboard'))[0] as Alarm;
    const body = JSON.stringify(dashboard.Properties.DashboardBody);

    for (const metric of ['5XXError', 'Latency', 'Errors', 'Throttles', 'ThrottledRequests', 'SystemErrors']) {
      expect(body).toContain(`"${metric}\\"`);
    }
    for (const alarmId of Object.keys(prod.template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(body).toContain(`"${alarmId}"`);
    }
  });
});
