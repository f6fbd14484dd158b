import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { KEY, SEGMENTS_BY_PROFILE_INDEX, TTL_ATTRIBUTE, tableDefinition } from '../../service/src/store/schema';
import { type Synthesized, synth } from './synth';

const byName = <T extends { AttributeName: string }>(list: T[]) => [...list].sort((a, b) => a.AttributeName.localeCompare(b.AttributeName));

describe('the table', () => {
  let dev: Synthesized;
  let prod: Synthesized;
  beforeAll(() => {
    dev = synth({ stage: 'dev' });
    prod = synth({ stage: 'prod' });
  });

  const table = (s: Synthesized) => {
    const tables = Object.values(s.template.findResources('AWS::DynamoDB::Table'));
    expect(tables).toHaveLength(1);
    return tables[0] as { Properties: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string };
  };

  it.each(['dev', 'prod'] as const)('has the keys and the index of the schema module the service uses (%s)', (stage) => {
    const expected = tableDefinition('any');
    const { Properties } = table(stage === 'dev' ? dev : prod);

    expect(Properties.KeySchema).toEqual(expected.KeySchema);
    expect(byName(Properties.AttributeDefinitions as { AttributeName: string }[])).toEqual(byName(expected.AttributeDefinitions));
    expect(Properties.GlobalSecondaryIndexes).toEqual(expected.GlobalSecondaryIndexes);
  });

  it.each(['dev', 'prod'] as const)('bills on demand, with point-in-time recovery and AWS managed encryption (%s)', (stage) => {
    (stage === 'dev' ? dev : prod).template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      // SSE on without a key of our own: the AWS managed key (aws/dynamodb).
      SSESpecification: { SSEEnabled: true, KMSMasterKeyId: Match.absent(), SSEType: Match.absent() },
      ProvisionedThroughput: Match.absent(),
    });
  });

  it.each(['dev', 'prod'] as const)(
    'expires cached page boundaries through the time-to-live attribute the schema module names (%s)',
    (stage) => {
      (stage === 'dev' ? dev : prod).template.hasResourceProperties('AWS::DynamoDB::Table', {
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      });
    },
  );

  it('is protected from deletion and retained with the stack in prod', () => {
    const prodTable = table(prod);

    expect(prodTable.Properties.DeletionProtectionEnabled).toBe(true);
    expect(prodTable.DeletionPolicy).toBe('Retain');
    expect(prodTable.UpdateReplacePolicy).toBe('Retain');
  });

  it('goes with the stack in dev', () => {
    const devTable = table(dev);

    expect(devTable.Properties.DeletionProtectionEnabled).toBe(false);
    expect(devTable.DeletionPolicy).toBe('Delete');
  });

  it('lets CloudFormation name it, so stages can share an account', () => {
    expect(table(prod).Properties.TableName).toBeUndefined();
  });

  it('never spells a key attribute or index name in infra: they come from the schema module only', () => {
    const infraDir = path.join(__dirname, '..', '..', 'infra');
    const names = [
      KEY.partition,
      KEY.sort,
      SEGMENTS_BY_PROFILE_INDEX.partition,
      SEGMENTS_BY_PROFILE_INDEX.sort,
      SEGMENTS_BY_PROFILE_INDEX.name,
    ];
    const sources = readdirSync(infraDir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => ({ file, text: readFileSync(path.join(infraDir, file), 'utf8') }));

    const literals = sources.flatMap(({ file, text }) =>
      names.filter((name) => new RegExp(`['"\`]${name}['"\`]`).test(text)).map((name) => `${file}: '${name}'`),
    );
    expect(literals).toEqual([]);
  });
});
