/** Owns the contract of `POST /api/broadcast`: its limits and its answer per target. */

import type { ErrorBody } from "./errors.ts";

/** Most sessions one broadcast may name. */
export const BROADCAST_MAX_TARGETS = 200;

/** Most UTF-8 bytes of text one broadcast may carry (it is typed once per target). */
export const BROADCAST_TEXT_MAX_BYTES = 64 * 1024;

export interface BroadcastTarget {
  host: string;
  name: string;
}

/** What happened at one target; `error` is the error the input route would have answered. */
export interface BroadcastResult extends BroadcastTarget {
  ok: boolean;
  error?: ErrorBody["error"];
}
