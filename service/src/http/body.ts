import express, { type RequestHandler } from 'express';
import { LIMITS } from '../limits';

const parseJson = express.json({ limit: LIMITS.requestBodyBytes });
const BODY_ERROR = 'bodyError';

/**
 * Reads a JSON body (at most the documented size, inflating gzip, deflate and br) but keeps any
 * failure to read it aside rather than answering it: the caller's token is checked first, so a
 * caller without one gets 401 whatever it sent. The read cannot simply move behind the token
 * check: behind the Lambda adapter the request stream is no longer readable once the handler
 * has awaited I/O, and the body would be lost. At most the size limit is read before the check.
 */
export const readJsonBody: RequestHandler = (req, res, next) => {
  parseJson(req, res, (error?: unknown) => {
    if (error) res.locals[BODY_ERROR] = error;
    next();
  });
};

/** Answers what reading the body found wrong, once the caller is known. */
export const refuseUnreadableBody: RequestHandler = (_req, res, next) => {
  next(res.locals[BODY_ERROR]);
};
