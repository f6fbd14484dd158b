/** A setting a command needs, and why, so a missing one can be explained. */
export interface Requirement {
  name: string;
  value: string | undefined;
  why: string;
}

export class MissingSettingsError extends Error {
  constructor(
    readonly command: string,
    readonly missing: Requirement[],
  ) {
    super(
      [
        `${command} cannot run: ${missing.length === 1 ? 'this setting is' : 'these settings are'} missing:`,
        ...missing.map((r) => `  - ${r.name}: ${r.why}`),
        'See "Contract workflow" in README.md. Without a broker, `npm run pact:verify` verifies the committed pacts in contracts/pacts.',
      ].join('\n'),
    );
  }
}

/** Fails with every missing setting named at once, not one a run. */
export function requireAll(command: string, requirements: Requirement[]): void {
  const missing = requirements.filter((r) => !r.value);
  if (missing.length > 0) throw new MissingSettingsError(command, missing);
}

/** Runs a script's main: its number is the exit code; a failure is printed as one clear message. */
export function runMain(main: () => Promise<number> | number): void {
  Promise.resolve()
    .then(main)
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = error instanceof MissingSettingsError ? 2 : 1;
    });
}
