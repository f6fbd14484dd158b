import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** The rule packs every synth of this app runs. */
export function addNagPacks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
}

export interface NagAcknowledgement {
  /** The exact finding: a rule id, with `[finding]` for rules that report several per resource. */
  readonly id: string;
  /** Why the finding is right for this stack, written for the engineer who reviews the deploy. */
  readonly reason: string;
}

/**
 * Acknowledges one cdk-nag finding on `scope` and everything under it. A thin wrapper over
 * `Validations.of(scope).acknowledge` that refuses an acknowledgement without a real reason.
 */
export function acknowledge(scope: IConstruct, acknowledgement: NagAcknowledgement): void {
  if (acknowledgement.reason.trim().length < 20) {
    throw new Error(`the acknowledgement of ${acknowledgement.id} on ${scope.node.path} needs a reason`);
  }
  Validations.of(scope).acknowledge(acknowledgement);
}
