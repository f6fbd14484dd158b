import { SERVICE_INDEX_ACTIONS, SERVICE_TABLE_ACTIONS } from '../../infra/lib/data';
import { SEGMENTS_BY_PROFILE_INDEX } from '../../service/src/store/schema';
import { type Synthesized, synth } from './synth';

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
}

type Policy = { Properties: { PolicyDocument: { Statement: Statement[] }; Roles: { Ref: string }[] } };

/** The statements of the API function's role (the stack's other function, the cleanup, has its own tests). */
const statementsOf = (s: Synthesized): Statement[] => {
  const role = s.stack.getLogicalId(s.stack.service.role.node.defaultChild as never);
  return (Object.values(s.template.findResources('AWS::IAM::Policy')) as Policy[])
    .filter((policy) => policy.Properties.Roles.some((r) => r.Ref === role))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
};
const actions = (statement: Statement) => [statement.Action].flat();
const functionOf = (s: Synthesized) =>
  s.template.toJSON().Resources[s.stack.getLogicalId(s.stack.service.function.node.defaultChild as never)] as {
    Properties: Record<string, unknown>;
  };

describe('the service function in the stack', () => {
  let dev: Synthesized;
  let prod: Synthesized;
  let tableId: string;
  beforeAll(() => {
    dev = synth({ stage: 'dev' });
    prod = synth({ stage: 'prod', reservedConcurrency: '50' });
    tableId = Object.keys(dev.template.findResources('AWS::DynamoDB::Table'))[0] ?? '';
  });

  it('is one of the four functions of the stack, the API one, next to the stream cleanup, the event publisher and the webhook deliveries', () => {
    dev.template.resourceCountIs('AWS::Lambda::Function', 4);
    expect(functionOf(dev).Properties.Description).toMatch(/Express app behind API Gateway/);
  });

  it('is told the table name in TABLE_NAME', () => {
    expect(functionOf(dev).Properties.Environment).toEqual({ Variables: expect.objectContaining({ TABLE_NAME: { Ref: tableId } }) });
  });

  it('may do on the table exactly what the service does, and nothing else', () => {
    const onTable = statementsOf(dev).filter((s) => JSON.stringify(s.Resource) === JSON.stringify({ 'Fn::GetAtt': [tableId, 'Arn'] }));

    expect(onTable).toHaveLength(1);
    expect(actions(onTable[0] as Statement).sort()).toEqual(
      [
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ].sort(),
    );
    expect([...SERVICE_TABLE_ACTIONS].sort()).toEqual(actions(onTable[0] as Statement).sort());
  });

  it('may only query the inverted index, named from the schema module', () => {
    const onIndex = statementsOf(dev).filter((s) => JSON.stringify(s.Resource).includes('/index/'));

    expect(onIndex).toEqual([
      {
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, `/index/${SEGMENTS_BY_PROFILE_INDEX.name}`]] },
      },
    ]);
    expect(SERVICE_INDEX_ACTIONS).toEqual(['dynamodb:Query']);
  });

  it.each(['dev', 'prod'] as const)('has no wildcard action, and no wildcard resource but X-Ray (%s)', (stage) => {
    const statements = statementsOf(stage === 'dev' ? dev : prod);

    expect(statements.flatMap(actions).filter((action) => action.includes('*'))).toEqual([]);
    expect(statements.filter((s) => JSON.stringify(s.Resource).includes('*') && !actions(s).every((a) => a.startsWith('xray:')))).toEqual(
      [],
    );
    expect(statements.flatMap(actions)).not.toContain('dynamodb:DescribeTable');
    expect(statements.flatMap(actions)).not.toContain('dynamodb:Scan');
  });

  it('keeps its logs two weeks in dev and a year in prod, and keeps them after the stack in prod', () => {
    const logGroupOf = (s: Synthesized) => {
      const ref = (functionOf(s).Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      return s.template.toJSON().Resources[ref];
    };

    expect(logGroupOf(dev)).toMatchObject({ Properties: { RetentionInDays: 14 }, DeletionPolicy: 'Delete' });
    expect(logGroupOf(prod)).toMatchObject({ Properties: { RetentionInDays: 365 }, DeletionPolicy: 'Retain' });
  });

  it('takes reserved concurrency from context, and has none by default', () => {
    expect(functionOf(prod).Properties.ReservedConcurrentExecutions).toBe(50);
    expect(functionOf(dev).Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('takes its memory size from context', () => {
    const small = synth({ lambdaMemoryMb: '256' });

    expect(functionOf(small).Properties.MemorySize).toBe(256);
  });
});
