/**
 * The contract between Maestro's rooms (DESIGN §2, §4, §5): frame codecs, the shapes of sessions,
 * hosts and every route's request and answer, and the limits. Pure: no I/O, no DOM; imported by
 * server/, tmux/, ui/, cli/, bench/ and the tests, and importing none of them.
 */

export * from "./api_paths.ts";
export * from "./broadcast.ts";
export * from "./restorable.ts";
export * from "./errors.ts";
export * from "./hosts.ts";
export * from "./limits.ts";
export * from "./name_order.ts";
export * from "./overview_protocol.ts";
export * from "./search.ts";
export * from "./session.ts";
export * from "./session_name.ts";
export * from "./terminal_protocol.ts";
export * from "./upload_name.ts";
