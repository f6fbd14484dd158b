import { Match } from 'aws-cdk-lib/assertions';
import { ConfigError } from '../../infra/lib/config';
import { type Synthesized, synth } from './synth';

/** The cheaper front door, `-c apiType=http`: an HTTP API in place of the REST API. */
describe('apiType=http', () => {
  let http: Synthesized;

  beforeAll(() => {
    // Synthesizing runs cdk-nag: an unacknowledged finding would throw here.
    http = synth({ apiType: 'http', throttlingRateLimit: '20', throttlingBurstLimit: '40' });
  });

  it('puts an HTTP API before the function instead of the REST API, every path to the function', () => {
    http.template.resourceCountIs('AWS::ApiGateway::RestApi', 0);
    http.template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    http.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    http.template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
    http.template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
    http.template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
    });
  });

  it('throttles and logs its $default stage, so paths carry no stage name', () => {
    const accessLogs = http.stack.getLogicalId(http.stack.httpApi!.accessLogs.node.defaultChild as never);

    http.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [accessLogs, 'Arn'] },
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
    });
  });

  it('alarms on the HTTP API’s own 5xx and latency metrics', () => {
    for (const metricName of ['5xx', 'Latency']) {
      http.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/ApiGateway',
        MetricName: metricName,
        Dimensions: Match.arrayWith([Match.objectLike({ Name: 'ApiId' })]),
      });
    }
  });

  it('gives the store base URL on the HTTP API', () => {
    const output = http.template.findOutputs('ApiBaseUrl').ApiBaseUrl;

    expect(JSON.stringify(output?.Value)).toContain('/stores/{store_hash}/v3');
    expect(JSON.stringify(output?.Value)).toContain(http.stack.getLogicalId(http.stack.httpApi!.httpApi.node.defaultChild as never));
  });

  it('refuses a WAF with an HTTP API, which cannot have one, rather than deploy without it', () => {
    expect(() => synth({ apiType: 'http', waf: 'true' })).toThrow(ConfigError);
    expect(() => synth({ apiType: 'http', stage: 'prod' })).toThrow(/waf/);
  });

  it('keeps the REST API by default', () => {
    const rest = synth();

    rest.template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
    rest.template.resourceCountIs('AWS::ApiGatewayV2::Api', 0);
  });
});
