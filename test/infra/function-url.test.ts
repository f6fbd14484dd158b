import { Match } from 'aws-cdk-lib/assertions';
import { ConfigError } from '../../infra/lib/config';
import { type Synthesized, synth } from './synth';

/** The cheapest front door, `-c apiType=function-url`: a Lambda function URL behind CloudFront. */
describe('apiType=function-url', () => {
  let door: Synthesized;

  beforeAll(() => {
    // Synthesizing runs cdk-nag: an unacknowledged finding would throw here.
    door = synth({ apiType: 'function-url' });
  });

  it('puts a function URL on the API function and no API Gateway before it', () => {
    const fn = door.stack.getLogicalId(door.stack.service.function.node.defaultChild as never);

    door.template.resourceCountIs('AWS::ApiGateway::RestApi', 0);
    door.template.resourceCountIs('AWS::ApiGatewayV2::Api', 0);
    door.template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    door.template.resourceCountIs('AWS::Lambda::Url', 1);
    door.template.hasResourceProperties('AWS::Lambda::Url', {
      TargetFunctionArn: { 'Fn::GetAtt': [fn, 'Arn'] },
      AuthType: 'NONE',
      InvokeMode: 'BUFFERED',
    });
  });

  it('fronts it with CloudFront: caching off, every method, viewer headers but Host, HTTPS only', () => {
    door.template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    door.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Enabled: true,
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'https-only',
          AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
          // The managed CachingDisabled and AllViewerExceptHostHeader policies.
          CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
          OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
        }),
        Origins: [
          Match.objectLike({
            CustomOriginConfig: Match.objectLike({ OriginProtocolPolicy: 'https-only' }),
          }),
        ],
      }),
    });
  });

  it('writes CloudFront standard logs to a private bucket that keeps them as long as the stage keeps logs', () => {
    const bucket = door.stack.getLogicalId(door.stack.functionUrl!.logBucket.node.defaultChild as never);

    door.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Logging: Match.objectLike({ Bucket: { 'Fn::GetAtt': [bucket, 'RegionalDomainName'] } }),
      }),
    });
    door.template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 14, Status: 'Enabled' })] },
    });
  });

  it('alarms on the function URL’s own 5xx and latency metrics, in the stack’s region', () => {
    const fn = door.stack.getLogicalId(door.stack.service.function.node.defaultChild as never);

    for (const metricName of ['Url5xxCount', 'UrlRequestLatency']) {
      door.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: metricName,
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn } }],
      });
    }
  });

  it('gives the store base URL on the CloudFront distribution', () => {
    const output = door.template.findOutputs('ApiBaseUrl').ApiBaseUrl;
    const distribution = door.stack.getLogicalId(door.stack.functionUrl!.distribution.node.defaultChild as never);

    expect(JSON.stringify(output?.Value)).toContain('/stores/{store_hash}/v3');
    expect(JSON.stringify(output?.Value)).toContain(distribution);
    expect(JSON.stringify(output?.Value)).toContain('DomainName');
  });

  it('refuses a WAF, which CloudFront takes only from us-east-1, rather than deploy without it', () => {
    expect(() => synth({ apiType: 'function-url', waf: 'true' })).toThrow(ConfigError);
    expect(() => synth({ apiType: 'function-url', stage: 'prod' })).toThrow(/us-east-1/);
  });

  it('deploys in prod with waf=false, the log bucket keeping the stage’s year of logs and outliving the stack', () => {
    const prod = synth({ stage: 'prod', apiType: 'function-url', waf: 'false' });
    const bucket = prod.stack.getLogicalId(prod.stack.functionUrl!.logBucket.node.defaultChild as never);

    prod.template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    prod.template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 365 })] } }),
    });
    expect(prod.template.toJSON().Resources[bucket]).toBeDefined();
  });

  it('leaves the other doors without a function URL or a distribution', () => {
    const http = synth({ apiType: 'http' });

    http.template.resourceCountIs('AWS::Lambda::Url', 0);
    http.template.resourceCountIs('AWS::CloudFront::Distribution', 0);
  });
});
