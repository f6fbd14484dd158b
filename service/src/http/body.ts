import express, { type RequestHandler } from 'express';
import { LIMITS } from '../limits';
import { stateOf } from './request-context';

const parseJson = express.json({ limit: LIMITS.requestBodyBytes });

/**
 * Reads a JSON body (at most the documented size, inflating gzip, deflate and br) but keeps any
 * failure to read it aside rather than answering it: the caller's token is checked first, so a
 * caller without one gets 401 whatever it sent. The read cannot simply move behind the token
 * check: behind the Lambda adapter the request stream is no longer readable once the handler
 * has awaited I/O, and the body would be lost. At most the size limit is read before the check.
 */
export const readJsonBody: RequestHandler = (req, res, next) => {
  parseJson(req, res, (error?: unknown) => {
    if (error) stateOf(req).bodyError = error;
    next();
  });
};

/** Answers what reading the body found wrong, once the caller is known. */
export const refuseUnreadableBody: RequestHandler = (req, _res, next) => {
  next(stateOf(req).bodyError);
};
