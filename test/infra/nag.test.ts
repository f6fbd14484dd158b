import { type App, type PolicyViolation, Validations } from 'aws-cdk-lib';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks, type NagPack, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { synth } from './synth';

/** Every optional part switched on, so every resource the stack can hold is checked. */
const VARIANTS: Record<string, Record<string, string>> = {
  'dev (defaults)': { stage: 'dev' },
  'prod (defaults)': { stage: 'prod' },
  'dev with every option on': {
    stage: 'dev',
    waf: 'true',
    alarmEmail: 'ops@example.com',
    apiGatewayCloudWatchRole: 'true',
    reservedConcurrency: '10',
  },
  'prod with WAF off': { stage: 'prod', waf: 'false', alarmEmail: 'ops@example.com' },
};

const packs = (): NagPack[] => [new AwsSolutionsChecks(), new ServerlessChecks()];

const describeViolations = (violations: PolicyViolation[]) =>
  violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} (${v.severity}) at ${r.constructPath}: ${v.description}`));

interface Acknowledged {
  path: string;
  id: string;
  reason: string;
}

/** Every acknowledgement recorded in the construct tree, where it was made. */
function acknowledgements(root: IConstruct): Acknowledged[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: c.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

/**
 * The findings the packs would report with no acknowledgement at all. cdk-nag has no switch for
 * that, so its private acknowledgement check is replaced on these two pack instances only.
 */
function allFindings(app: App): { id: string; path: string }[] {
  return packs().flatMap((pack) => {
    (pack as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
    return pack
      .validateScope(app)
      .violations.flatMap((v) => v.violatingResources.map((r) => ({ id: v.ruleName, path: r.constructPath ?? '' })));
  });
}

describe('cdk-nag: AwsSolutions and Serverless rule packs', () => {
  const apps: Record<string, App> = {};
  beforeAll(() => {
    for (const [name, context] of Object.entries(VARIANTS)) apps[name] = synth(context).app;
  });

  it.each(Object.keys(VARIANTS))('finds nothing unacknowledged, warnings included: %s', (variant) => {
    const app = apps[variant] as App;

    const unacknowledged = packs().flatMap((pack) => describeViolations(pack.validateScope(app).violations));

    expect(unacknowledged).toEqual([]);
  });

  it.each(Object.keys(VARIANTS))('acknowledges only findings that exist, each by its exact id and with a reason: %s', (variant) => {
    const app = apps[variant] as App;
    const findings = allFindings(app);
    const acks = acknowledgements(app);

    // The replaced check must really have lifted the acknowledgements, or this test proves nothing.
    expect(findings.length).toBeGreaterThanOrEqual(acks.length);
    const stale = acks.filter(
      (ack) => !findings.some((f) => f.id === ack.id && (f.path === ack.path || f.path.startsWith(`${ack.path}/`))),
    );
    expect(stale).toEqual([]);
    for (const ack of acks) {
      expect(ack.id).toMatch(/^(AwsSolutions|Serverless)-[A-Za-z0-9]+(\[.+\])?$/);
      expect(ack.reason.length).toBeGreaterThan(40);
    }
  });

  it('acknowledges nothing on the stack or the app as a whole', () => {
    const { app, stack } = synth({ stage: 'prod' });

    const broad = acknowledgements(app).filter((ack) => ack.path === '' || ack.path === stack.node.path);

    expect(broad).toEqual([]);
  });

  it('makes synth fail on a finding nobody acknowledged', () => {
    const { stack } = synth({ stage: 'dev' });
    const app = stack.node.scope as App;
    // A function without tracing or explicit memory/timeout, added after the fact.
    new LambdaFunction(stack, 'Untraced', {
      runtime: Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: Code.fromInline('exports.handler = 1'),
    });

    expect(() => app.synth({ force: true })).toThrow(/ValidationFailed|Serverless-|AwsSolutions-/);
  });
});
