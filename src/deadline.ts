/**
 * A deadline as an AbortSignal that holds. Node 20's `AbortSignal.any([AbortSignal.timeout(ms), other])` keeps the
 * timeout signal only weakly (nodejs/node#57736): a garbage collection while the request waits drops it, and the
 * deadline never fires. Here the timer itself holds the controller, so the signal fires on time whatever is collected.
 */

/** A signal that fires after `timeoutMs` (with a `TimeoutError` reason) or when `also` fires, whichever is first. */
export function deadlineSignal(timeoutMs: number, also?: AbortSignal): AbortSignal {
  return armed(timeoutMs, also).signal;
}

/** A deadline its owner can end early. */
export interface Deadline {
  signal: AbortSignal;
  /** The work is done: the timer goes at once (not at the deadline), and whatever still waits on the signal stops. */
  end(): void;
}

/** One reason for every ended deadline: ending many requests creates no exception each. */
const ENDED = new DOMException('The request ended.', 'AbortError');

/** `deadlineSignal` with an `end()`, for work that usually finishes long before its deadline (a request). */
export function deadline(timeoutMs: number, also?: AbortSignal): Deadline {
  const controller = armed(timeoutMs, also);
  return {
    signal: controller.signal,
    end: () => {
      if (!controller.signal.aborted) controller.abort(ENDED);
    },
  };
}

function armed(timeoutMs: number, also?: AbortSignal): AbortController {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The deadline passed.', 'TimeoutError')), timeoutMs);
  // The timer list still holds it strongly; unref only lets the process exit while a deadline is pending.
  timer.unref();
  controller.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  if (also?.aborted) controller.abort(also.reason);
  else also?.addEventListener('abort', () => controller.abort(also.reason), { once: true, signal: controller.signal });
  return controller;
}
