/** Owns reading a search request's parameters and their limits. Pure. */

import { HttpError } from "../http_error.ts";
export {
  DEFAULT_LIMIT,
  MAX_LIMIT,
  MAX_PER_SESSION,
  MAX_QUERY_LENGTH,
  MAX_SCROLLBACK,
} from "../../protocol/search.ts";
import {
  DEFAULT_LIMIT,
  MAX_LIMIT,
  MAX_QUERY_LENGTH,
  MAX_SCROLLBACK,
} from "../../protocol/search.ts";

export interface SearchRequest {
  query: string;
  /** Lines of scrollback to search above each visible screen (0 = the screen only). */
  scrollback: number;
  /** Most matches in all. */
  limit: number;
  /** Only this machine's sessions (what a manager asks of its workers). */
  localOnly: boolean;
}

/** The query string's values, as `c.req.query(name)` gives them. */
export type QueryValue = (name: string) => string | undefined;

/** Validate `q`, `scrollback`, `limit` and `local`; a 400 `invalid_input` says what is wrong. */
export function readSearchRequest(param: QueryValue): SearchRequest {
  const query = param("q") ?? "";
  if (query.trim() === "") {
    throw new HttpError(400, "invalid_input", 'Cannot search: "q" (the text to find) is empty');
  }
  const length = [...query].length;
  if (length > MAX_QUERY_LENGTH) {
    throw new HttpError(
      400,
      "invalid_input",
      `Cannot search: "q" is ${length} characters, over the ${MAX_QUERY_LENGTH} character limit`,
    );
  }
  // deno-lint-ignore no-control-regex
  if (/[\x00-\x1f\x7f]/.test(query)) {
    throw new HttpError(
      400,
      "invalid_input",
      'Cannot search: "q" may not contain line breaks or control characters (lines are searched one at a time)',
    );
  }
  return {
    query,
    scrollback: wholeNumber(param, "scrollback", 0, MAX_SCROLLBACK, 0),
    limit: wholeNumber(param, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT),
    localOnly: param("local") === "1",
  };
}

function wholeNumber(
  param: QueryValue,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  const raw = param(name);
  if (raw === undefined || raw === "") return fallback;
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) {
    throw new HttpError(
      400,
      "invalid_input",
      `Invalid ${JSON.stringify(name)} ${
        JSON.stringify(raw)
      }: use a whole number from ${min} to ${max}`,
    );
  }
  return value;
}
