/** Owns the short "how long ago" labels of the sidebar. */

/** `then` relative to `now` (both unix seconds) as "now", "42s", "5m", "3h", "2d" or "5w". */
export function relativeTime(then: number, now: number): string {
  const seconds = Math.max(0, Math.floor(now - then));
  if (seconds < 10) return "now";
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 14) return `${days}d`;
  return `${Math.floor(days / 7)}w`;
}

/** A sentence for screen readers and tooltips: "active 5 minutes ago". */
export function relativeTimeLong(then: number, now: number): string {
  return `active ${agoText(then, now)}`;
}

/** `then` relative to `now` in words: "just now", "1 minute ago", "5 hours ago". */
export function agoText(then: number, now: number): string {
  const short = relativeTime(then, now);
  if (short === "now") return "just now";
  const units: Record<string, string> = {
    s: "second",
    m: "minute",
    h: "hour",
    d: "day",
    w: "week",
  };
  const value = Number.parseInt(short, 10);
  const unit = units[short.slice(-1)] ?? "";
  return `${value} ${unit}${value === 1 ? "" : "s"} ago`;
}
