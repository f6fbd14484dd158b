/**
 * How the verifier is pointed at an instance: PROVIDER_* variables, and the request filter that
 * maps the consumers' pact store and placeholder tokens onto the real ones.
 */
import type { Request, Response } from 'express';
import { PACT_TOKENS } from '../../contracts/client/conventions';
import { mapToTarget } from '../../contracts/provider/request-filter';
import { ProviderConfigError, type ProviderTarget, targetFromEnv } from '../../contracts/provider/target';

const target: ProviderTarget = {
  origin: 'https://api.example.com/prod',
  storeHash: 'verify-store',
  modifyToken: 'real-modify',
  readOnlyToken: 'real-read-only',
};

function filtered(url: string, token: string | undefined, to: ProviderTarget = target) {
  const req = { url, headers: token === undefined ? {} : { 'x-auth-token': token } } as unknown as Request;
  let error: unknown;
  mapToTarget(to)(req, {} as Response, (e?: unknown) => {
    error = e;
  });
  return { url: req.url, token: req.headers['x-auth-token'], error };
}

describe('targetFromEnv', () => {
  it('is undefined without PROVIDER_BASE_URL: the in-process app and the Lambda handler are verified', () => {
    expect(targetFromEnv({})).toBeUndefined();
  });

  it('names what is missing beside PROVIDER_BASE_URL', () => {
    expect(() => targetFromEnv({ PROVIDER_BASE_URL: 'http://127.0.0.1:3000' })).toThrow(
      /PROVIDER_STORE_HASH and PROVIDER_TOKEN are not set/,
    );
  });

  it('refuses a base URL that already names a store', () => {
    expect(() =>
      targetFromEnv({ PROVIDER_BASE_URL: 'http://127.0.0.1:3000/stores/local/v3', PROVIDER_STORE_HASH: 'local', PROVIDER_TOKEN: 't' }),
    ).toThrow(ProviderConfigError);
  });

  it('reads the instance, its store and both tokens', () => {
    expect(
      targetFromEnv({
        PROVIDER_BASE_URL: 'https://api.example.com/prod/',
        PROVIDER_STORE_HASH: 'verify-store',
        PROVIDER_TOKEN: 'real-modify',
        PROVIDER_READONLY_TOKEN: 'real-read-only',
      }),
    ).toEqual(target);
  });
});

describe('the request filter', () => {
  it('moves the pact store’s requests to the verified store, query included', () => {
    expect(filtered('/stores/pact-store/v3/segments?id:in=a,b', PACT_TOKENS.modify).url).toBe('/stores/verify-store/v3/segments?id:in=a,b');
  });

  it('leaves other paths alone (the state setup calls, say)', () => {
    expect(filtered('/_pactSetup', undefined).url).toBe('/_pactSetup');
  });

  it('maps each placeholder token to a real token of the same scope', () => {
    expect(filtered('/stores/pact-store/v3/segments', PACT_TOKENS.modify).token).toBe('real-modify');
    expect(filtered('/stores/pact-store/v3/segments', PACT_TOKENS.readOnly).token).toBe('real-read-only');
  });

  it('keeps an unknown token unknown, and a missing one missing, so the 401s stay 401s', () => {
    expect(filtered('/stores/pact-store/v3/segments', PACT_TOKENS.unknown).token).toBe(PACT_TOKENS.unknown);
    expect(filtered('/stores/pact-store/v3/segments', undefined).token).toBeUndefined();
  });

  it('fails the request when a read-only token is needed and none is configured', () => {
    const { error } = filtered('/stores/pact-store/v3/segments', PACT_TOKENS.readOnly, { ...target, readOnlyToken: undefined });

    expect(String(error)).toContain('PROVIDER_READONLY_TOKEN');
  });
});
