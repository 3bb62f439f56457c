/**
 * Requests that arrive while an upstream call waits to be written wait for that write.
 *
 * undici writes a call on a reused keep-alive socket only in the event loop's next check phase, once the socket has
 * been read (so bytes or a close the server sent meanwhile are seen first; GHSA-35p6-xmwp-9g52). A burst of
 * requests read in one poll phase would otherwise all run up to their upstream calls before the first call goes
 * out, and every one of them, the first included, would wait for all that work. So once an upstream call has been
 * made in this turn of the event loop, a request that arrives is handled in the check phase, after undici's write:
 * the calls go out first, and the requests that share or follow them are handled while the clouds answer. A request
 * whose client went away before then is not started.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';

let callMadeThisTurn = false;
const endTurn = () => {
  callMadeThisTurn = false;
};
// undici publishes each request it creates here (the one channel it has for that, public since undici 5).
subscribe('undici:request:create', () => {
  if (callMadeThisTurn) return;
  callMadeThisTurn = true;
  setImmediate(endTurn);
});

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

export function afterUpstreamWrites(listener: Listener): Listener {
  return (request, response) => {
    if (!callMadeThisTurn) return listener(request, response);
    setImmediate(() => {
      // Its client left meanwhile: nobody would read the answer, and its work (upstream calls) is not worth starting.
      if (!response.destroyed) listener(request, response);
    });
  };
}
