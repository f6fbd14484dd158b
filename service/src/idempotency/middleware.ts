import type { Response } from 'express';
import type { Operation } from '../http/openapi';
import { stateOf } from '../http/request-context';
import type { WriteGuard } from '../http/route';
import type { Logger } from '../logger';
import { ClaimLost, commitWitnesses } from '../store/commit-witness';
import { describeCause } from '../store/failures';
import { IdempotencyKeyReusedError, keyConflict } from './errors';
import { IDEMPOTENCY_KEY_HEADER, parseIdempotencyKey, REPLAYED_HEADER, requestFingerprint } from './key';
import type { KeptResponse } from './record';
import type { Claim, IdempotencyRecords } from './records';

/** Headers of a response that are kept and replayed with it (our 2xx carry none today beyond the body's type). */
const KEPT_HEADERS = ['location', 'content-location'] as const;

/** A request running under its key, as the route's later steps see it. */
interface Run {
  claim: Claim;
  operation: Operation;
  /** A transaction of the request committed: the store changed. */
  changed: boolean;
  /** The request has answered (or failed): work it left running is no longer witnessed. */
  finished: boolean;
}

const runs = new WeakMap<Response, Run>();

/**
 * What the operations router mounts on every write (POST, PUT, DELETE): `claim`, after validation,
 * claims the key the request carries or answers from the record; `keep`, before a 2xx is sent,
 * keeps it for the key (a failure to keep it is logged: the change happened, so the 2xx is
 * answered); `settle`, on a failed run, lets the key go if nothing changed (the request may run
 * again) and passes the error on.
 */
export type IdempotencyGuard = WriteGuard;

function replay(res: Response, response: KeptResponse): void {
  res.set(response.headers).set(REPLAYED_HEADER, 'true').status(response.status);
  if (response.body === undefined) res.end();
  else res.type('application/json').send(response.body);
}

/**
 * `Idempotency-Key` on every write: the first request with a key runs and its response is kept
 * (per store, `IdempotencyRecords.times.replaySeconds`); the same request with the same key is
 * answered that response and writes nothing; another request with it gets 422; one sent while the
 * first runs gets 409 with `Retry-After`. A request without the header passes untouched.
 */
export function idempotencyGuard(records: IdempotencyRecords, logger: Logger): IdempotencyGuard {
  return {
    claim: (op) => (req, res, next) => {
      const header = req.get(IDEMPOTENCY_KEY_HEADER);
      if (header === undefined) return next();
      let key: string;
      try {
        key = parseIdempotencyKey(header);
      } catch (error) {
        return next(error);
      }
      const { storeHash, input } = stateOf(req);
      // The router mounts this step after the token check and validation, which set both or fail.
      if (storeHash === undefined || !input) return next(new Error('an Idempotency-Key was claimed before its request was checked'));
      const fingerprint = requestFingerprint(op.operationId, input);
      records.claim(storeHash, key, fingerprint).then((outcome) => {
        switch (outcome.kind) {
          case 'claimed': {
            const run: Run = {
              claim: { storeHash, key, lease: outcome.lease, fingerprint },
              operation: op,
              changed: false,
              finished: false,
            };
            runs.set(res, run);
            const witness = records.witness(
              run.claim,
              () => {
                run.changed = true;
              },
              () => !run.finished,
            );
            // The rest of the route (the handler and its transactions) runs with the witness in scope.
            commitWitnesses.run(witness, next);
            return;
          }
          case 'replay':
            return replay(res, outcome.response);
          case 'mismatch':
            return next(new IdempotencyKeyReusedError(key));
          case 'running':
          case 'unanswered':
            return next(keyConflict(op, key, input.body, outcome.kind));
        }
      }, next);
    },

    keep: async (res, answer) => {
      const run = runs.get(res);
      if (!run) return;
      runs.delete(res);
      run.finished = true;
      const headers: Record<string, string> = {};
      for (const name of KEPT_HEADERS) {
        const value = res.getHeader(name);
        if (value !== undefined) headers[name] = String(value);
      }
      const response: KeptResponse = {
        status: answer.status,
        headers,
        ...(answer.body === undefined ? {} : { body: JSON.stringify(answer.body) }),
      };
      await records.complete(run.claim, response).catch((error: unknown) => {
        logger.error('idempotency: response not kept', {
          store_hash: run.claim.storeHash,
          status: answer.status,
          cause: describeCause(error),
        });
      });
    },

    settle: (error, req, res, next) => {
      const run = runs.get(res);
      const answered =
        error instanceof ClaimLost && run ? keyConflict(run.operation, run.claim.key, stateOf(req).input?.body, 'running') : error;
      if (!run) return next(answered);
      runs.delete(res);
      run.finished = true;
      // Nothing changed: the key goes, and the same request sent again runs again. Something
      // changed (a delete that failed part-way, a commit whose every reply was lost and not
      // found again): the key stays, and the record says the change happened (unanswered).
      const settled = run.changed ? records.abandon(run.claim) : records.release(run.claim);
      // If the table is unreachable the hold runs out by itself (`inFlightSeconds`).
      settled.catch(() => undefined).then(() => next(answered));
    },
  };
}
