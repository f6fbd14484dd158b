import { Match } from 'aws-cdk-lib/assertions';
import { MANAGED_RULE_GROUPS } from '../../infra/lib/api';
import { type Synthesized, synth } from './synth';

type Resource = { Properties: Record<string, unknown>; DependsOn?: string[] };

const only = (s: Synthesized, type: string): [string, Resource] => {
  const entries = Object.entries(s.template.findResources(type));
  expect(entries).toHaveLength(1);
  return entries[0] as [string, Resource];
};

describe('the REST API', () => {
  let dev: Synthesized;
  let prod: Synthesized;
  beforeAll(() => {
    dev = synth({ stage: 'dev' });
    prod = synth({ stage: 'prod' });
  });

  it('is a regional REST API that proxies every path and method to the function', () => {
    const functionId = dev.stack.getLogicalId(dev.stack.service.function.node.defaultChild as never);

    dev.template.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['REGIONAL'] } });
    dev.template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: '{proxy+}' });
    const methods = Object.values(dev.template.findResources('AWS::ApiGateway::Method')) as Resource[];
    expect(methods).toHaveLength(2);
    for (const method of methods) {
      expect(method.Properties).toMatchObject({
        HttpMethod: 'ANY',
        Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' },
      });
      expect(JSON.stringify(method.Properties.Integration)).toContain(functionId);
    }
  });

  it.each([
    ['dev', 50, 100],
    ['prod', 500, 1000],
  ])('throttles the %s stage at its default rate and burst', (stage, rate, burst) => {
    (stage === 'dev' ? dev : prod).template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: stage,
      MethodSettings: [Match.objectLike({ HttpMethod: '*', ResourcePath: '/*', ThrottlingRateLimit: rate, ThrottlingBurstLimit: burst })],
    });
  });

  it('throttles at the rate and burst given in context', () => {
    const custom = synth({ throttlingRateLimit: '12', throttlingBurstLimit: '34' });

    custom.template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 12, ThrottlingBurstLimit: 34 })],
    });
  });

  it('traces with X-Ray and never logs request or response data', () => {
    for (const s of [dev, prod]) {
      s.template.hasResourceProperties('AWS::ApiGateway::Stage', {
        TracingEnabled: true,
        MethodSettings: [Match.objectLike({ DataTraceEnabled: false, LoggingLevel: 'ERROR' })],
      });
    }
  });

  it('writes one JSON object per request to an access log group with a retention', () => {
    const [, stage] = only(prod, 'AWS::ApiGateway::Stage');
    const { DestinationArn, Format } = stage.Properties.AccessLogSetting as { DestinationArn: unknown; Format: string };
    const accessLogs = prod.stack.getLogicalId(prod.stack.api!.accessLogs.node.defaultChild as never);

    // Every $context variable replaced by a value, as API Gateway does: the line must parse.
    const line = JSON.parse(Format.replace(/\$context\.[\w.]+/g, 'x'));
    expect(Object.keys(line)).toEqual(
      expect.arrayContaining(['requestId', 'ip', 'httpMethod', 'path', 'status', 'responseLatency', 'integrationLatency', 'xrayTraceId']),
    );
    expect(line).not.toHaveProperty('authorization');
    expect(Format).not.toMatch(/X-Auth-Token/i);
    expect(JSON.stringify(DestinationArn)).toContain(accessLogs);
    expect(prod.template.toJSON().Resources[accessLogs]).toMatchObject({ Properties: { RetentionInDays: 365 } });
    expect(dev.template.toJSON().Resources[dev.stack.getLogicalId(dev.stack.api!.accessLogs.node.defaultChild as never)]).toMatchObject({
      Properties: { RetentionInDays: 14 },
    });
  });

  it('creates the execution log group itself, with a retention, before the stage can', () => {
    const [stageId, stage] = only(prod, 'AWS::ApiGateway::Stage');
    const [restApiId] = only(prod, 'AWS::ApiGateway::RestApi');
    const executionLogs = prod.stack.getLogicalId(prod.stack.api!.executionLogs.node.defaultChild as never);

    expect(prod.template.toJSON().Resources[executionLogs]).toMatchObject({
      Properties: {
        LogGroupName: { 'Fn::Join': ['', ['API-Gateway-Execution-Logs_', { Ref: restApiId }, '/prod']] },
        RetentionInDays: 365,
      },
    });
    expect(stage.DependsOn).toContain(executionLogs);
    expect(stageId).toBeDefined();
  });

  it('does not create the account-wide API Gateway CloudWatch role unless the context asks for it', () => {
    for (const s of [dev, prod]) {
      s.template.resourceCountIs('AWS::ApiGateway::Account', 0);
      expect(JSON.stringify(s.template.toJSON())).not.toContain('AmazonAPIGatewayPushToCloudWatchLogs');
    }

    const withRole = synth({ apiGatewayCloudWatchRole: 'true' });
    withRole.template.resourceCountIs('AWS::ApiGateway::Account', 1);
    // The role is an account setting other APIs rely on: it stays when this stack goes.
    withRole.template.hasResource('AWS::ApiGateway::Account', { DeletionPolicy: 'Retain' });
  });

  it('puts a WAF web ACL of AWS managed rule groups in front of the prod stage', () => {
    const [aclId, acl] = only(prod, 'AWS::WAFv2::WebACL');
    const [, association] = only(prod, 'AWS::WAFv2::WebACLAssociation');
    const [stageId] = only(prod, 'AWS::ApiGateway::Stage');
    const rules = acl.Properties.Rules as { Statement: { ManagedRuleGroupStatement: { VendorName: string; Name: string } } }[];

    expect(acl.Properties).toMatchObject({ Scope: 'REGIONAL', DefaultAction: { Allow: {} } });
    expect(rules.map((r) => r.Statement.ManagedRuleGroupStatement)).toEqual(
      MANAGED_RULE_GROUPS.map((g) => expect.objectContaining({ VendorName: 'AWS', Name: g.name })),
    );
    expect(MANAGED_RULE_GROUPS.map((g) => g.name)).toEqual(
      expect.arrayContaining([
        'AWSManagedRulesCommonRuleSet',
        'AWSManagedRulesKnownBadInputsRuleSet',
        'AWSManagedRulesAmazonIpReputationList',
      ]),
    );
    expect(association.Properties.WebACLArn).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    expect(JSON.stringify(association.Properties.ResourceArn)).toContain(stageId);
    expect(association.DependsOn).toContain(stageId);
  });

  it('lets batch bodies up to the API limit through the common rule set', () => {
    const [, acl] = only(prod, 'AWS::WAFv2::WebACL');

    expect(JSON.stringify(acl.Properties.Rules)).toContain('{"ActionToUse":{"Count":{}},"Name":"SizeRestrictions_BODY"}');
  });

  it('has no WAF in dev unless the context turns it on, and none in prod when it turns it off', () => {
    dev.template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    synth({ stage: 'dev', waf: 'true' }).template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    synth({ stage: 'prod', waf: 'false' }).template.resourceCountIs('AWS::WAFv2::WebACL', 0);
  });

  it('outputs the store API base URL as a template, and the table name', () => {
    const outputs = prod.template.findOutputs('*');
    const [tableId] = only(prod, 'AWS::DynamoDB::Table');
    const url = outputs.ApiBaseUrl?.Value as { 'Fn::Join': [string, unknown[]] };

    expect(url['Fn::Join'][1][0]).toBe('https://');
    expect(url['Fn::Join'][1].at(-1)).toBe('/stores/{store_hash}/v3');
    expect(outputs.TableName?.Value).toEqual({ Ref: tableId });
  });
});
