import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CONTEXT_KEYS, ConfigError, readConfig } from '../../infra/lib/config';

/** A context reader over a plain object, as `-c key=value` would give (values are strings). */
const context =
  (values: Record<string, unknown> = {}) =>
  (key: string): unknown =>
    values[key];

describe('stack configuration from context', () => {
  it('defaults to the dev stage with no WAF, two weeks of logs and no alarm e-mail', () => {
    const config = readConfig(context());

    expect(config).toEqual({
      stage: 'dev',
      throttlingRateLimit: 50,
      throttlingBurstLimit: 100,
      alarmEmail: undefined,
      waf: false,
      logRetention: RetentionDays.TWO_WEEKS,
      reservedConcurrency: undefined,
      apiGatewayCloudWatchRole: false,
      lambdaMemoryMb: 1024,
      latencyAlarmP99Ms: 1000,
      bundleAwsSdk: false,
      apiType: 'rest',
      docs: true,
    });
  });

  it('gives prod its own defaults: WAF on, a year of logs, ten times the throttling limits', () => {
    const config = readConfig(context({ stage: 'prod' }));

    expect(config).toMatchObject({
      stage: 'prod',
      waf: true,
      logRetention: RetentionDays.ONE_YEAR,
      throttlingRateLimit: 500,
      throttlingBurstLimit: 1000,
    });
  });

  it('reads every knob from command-line strings, over the stage defaults', () => {
    const config = readConfig(
      context({
        stage: 'prod',
        throttlingRateLimit: '20',
        throttlingBurstLimit: '40',
        alarmEmail: 'ops@example.com',
        waf: 'false',
        logRetentionDays: '90',
        reservedConcurrency: '25',
        apiGatewayCloudWatchRole: 'true',
        lambdaMemoryMb: '512',
        latencyAlarmP99Ms: '750',
        bundleAwsSdk: 'true',
        apiType: 'http',
        docs: 'true',
      }),
    );

    expect(config).toEqual({
      stage: 'prod',
      throttlingRateLimit: 20,
      throttlingBurstLimit: 40,
      alarmEmail: 'ops@example.com',
      waf: false,
      logRetention: RetentionDays.THREE_MONTHS,
      reservedConcurrency: 25,
      apiGatewayCloudWatchRole: true,
      lambdaMemoryMb: 512,
      latencyAlarmP99Ms: 750,
      bundleAwsSdk: true,
      apiType: 'http',
      docs: true,
    });
  });

  it('takes the function URL behind CloudFront as a front door, without a WAF', () => {
    expect(readConfig(context({ apiType: 'function-url' }))).toMatchObject({ apiType: 'function-url', waf: false });
    expect(readConfig(context({ stage: 'prod', apiType: 'function-url', waf: 'false' }))).toMatchObject({ apiType: 'function-url' });
  });

  it('reads typed values from cdk.json as well', () => {
    const config = readConfig(context({ waf: true, throttlingRateLimit: 7, logRetentionDays: 30 }));

    expect(config).toMatchObject({ waf: true, throttlingRateLimit: 7, logRetention: RetentionDays.ONE_MONTH });
  });

  it.each([
    [{ stage: 'staging' }, /"stage" must be one of dev, prod/],
    [{ waf: 'ture' }, /"waf" must be true or false/],
    [{ throttlingRateLimit: 'fast' }, /"throttlingRateLimit" must be a whole number/],
    [{ throttlingBurstLimit: '0' }, /"throttlingBurstLimit" must be a whole number from 1/],
    [{ logRetentionDays: '13' }, /"logRetentionDays" must be a CloudWatch Logs retention in days/],
    [{ alarmEmail: 'ops' }, /"alarmEmail" must be an e-mail address/],
    [{ reservedConcurrency: '-1' }, /"reservedConcurrency" must be a whole number/],
    [{ apiType: 'alb' }, /"apiType" must be one of rest, http, function-url/],
    [{ apiType: 'http', waf: 'true' }, /"waf" needs apiType=rest/],
    [{ apiType: 'function-url', waf: 'true' }, /"waf" needs apiType=rest: a web ACL for CloudFront must be created in us-east-1/],
  ])('refuses %j instead of deploying something else', (values, message) => {
    expect(() => readConfig(context(values))).toThrow(ConfigError);
    expect(() => readConfig(context(values))).toThrow(message);
  });

  it('documents every context key, and the stage, in the context keys of docs/deploy.md', () => {
    const root = path.join(__dirname, '..', '..');
    const deploy = readFileSync(path.join(root, 'docs', 'deploy.md'), 'utf8');
    const text = deploy.slice(deploy.indexOf('## Context keys'), deploy.indexOf('\n## ', deploy.indexOf('## Context keys') + 1));

    for (const key of ['stage', ...Object.keys(CONTEXT_KEYS)]) {
      expect({ key, documented: text.includes(`\`${key}\``) }).toEqual({ key, documented: true });
    }
  });
});
