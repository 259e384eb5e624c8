/** Owns how a restorable session's vanishing reads: "vanished 12 min ago" and its exact time. */

import { relativeTime } from "../shared/relative_time.ts";

const UNITS: Record<string, [string, string]> = {
  m: ["min", "min"],
  h: ["h", "h"],
  d: ["day", "days"],
  w: ["week", "weeks"],
};

/**
 * When a session vanished, relative to `now` (both unix seconds), short enough for a sidebar row:
 * "vanished just now" (under a minute), "vanished 12 min ago", "vanished 3 h ago",
 * "vanished 1 day ago", "vanished 5 weeks ago".
 */
export function vanishedText(vanishedAt: number, now: number): string {
  const short = relativeTime(vanishedAt, now);
  const unit = UNITS[short.slice(-1)];
  if (short === "now" || unit === undefined) return "vanished just now";
  const value = Number.parseInt(short, 10);
  return `vanished ${value} ${value === 1 ? unit[0] : unit[1]} ago`;
}

/** The exact local time of a unix-seconds instant, as "2025-03-04 09:05:07", for a tooltip. */
export function exactTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${
    two(date.getHours())
  }:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}
