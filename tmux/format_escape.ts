/**
 * Owns passing a literal value through an argument tmux format-expands, so that nothing in it is
 * expanded (`#{…}`, `#S`) and nothing is run (`#(…)` runs through /bin/sh). Pure.
 *
 * Which arguments tmux 3.3a expands, found by giving each `#(touch <marker>)` and
 * `#{session_id}` and checking the marker and what arrived (tests/tmux_format_test.ts keeps the
 * ones Maestro uses honest):
 *
 * | argument                                   | expanded | so Maestro          |
 * |--------------------------------------------|----------|---------------------|
 * | `new-session -c` (the pane's and the session's start directory) | yes, `#()` runs | escapes |
 * | `new-session -s` (session name)            | yes, `#()` runs | escapes (its own names have no `#`) |
 * | `rename-session <new-name>`                | yes, `#()` runs | escapes             |
 * | `new-session -n`, `rename-window`          | yes      | does not use them   |
 * | `select-pane -T` (pane title)              | yes      | does not use it     |
 * | `new-session -e NAME=value`                | no       | passes it as is (escaping would double its `#`) |
 * | `-t` targets of every command              | no       | passes ids as is    |
 * | `send-keys` keys (no `-F`), `send-keys -H` | no       | hex bytes, key names checked |
 * | `display-message` message, `-F` formats    | yes      | only its own formats, never a user value |
 *
 * tmux reads `##` as `#` — except in a run of `#` right before `[`, which it copies unchanged
 * (a style, `#[fg=red]`, left for the status line): `##[` stays `##[`, and `#[` stays `#[` too
 * (`#` followed by anything tmux does not know is copied). So a run of `#` is doubled unless `[`
 * follows it. There is nothing else to escape: outside `#…`, tmux copies every byte, and these
 * arguments are not passed through strftime (`%Y` arrives as `%Y`).
 *
 * @example
 * ```ts
 * escapeFormat("/src/#(touch x)"); // "/src/##(touch x)"
 * escapeFormat("a#[b"); // "a#[b"
 * ```
 */
export function escapeFormat(value: string): string {
  return value.replace(
    /#+/g,
    (run, offset: number) => value[offset + run.length] === "[" ? run : run + run,
  );
}
