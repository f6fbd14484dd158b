/**
 * The comparator ships its types behind package `exports`, which this project's `node`
 * module resolution does not read; these are the parts the harness uses, as the package
 * declares them (dist/src/compare/index.d.ts, dist/src/results/index.d.ts).
 */
declare module '@pactflow/openapi-pact-comparator' {
  export interface Result {
    code: string;
    message: string;
    mockDetails?: {
      interactionDescription?: string | null;
      interactionState?: string | null;
      location: string;
      value: unknown;
    };
    specDetails?: {
      location: string;
      pathMethod?: string | null;
      pathName?: string | null;
      value: unknown;
    };
    type: 'error' | 'warning' | 'info';
    causes?: Result[];
  }

  export interface ComparatorOptions {
    oas?: object;
    asyncapi?: object;
  }

  export class Comparator {
    constructor(options?: ComparatorOptions);
    compare(pact: object): AsyncGenerator<Result>;
  }
}
