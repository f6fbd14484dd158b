// A stand-in for send and serve-static, swapped in when the Lambda bundle is built (see
// ./aliases.ts). Express loads them for `res.sendFile` and `express.static`, which the service
// does not use (the /docs route reads its few files itself). Reaching it is a bug, said loudly.
module.exports = function leftOut() {
  throw new Error('send and serve-static are left out of the Lambda bundle (service/bundle/aliases.ts)');
};
