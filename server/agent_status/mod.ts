/** The public surface of agent_status/: telling what an agent in a pane is doing (DESIGN §9b). */

export { detectStatus, screenMatters } from "./detect.ts";
export type { StatusInput, StatusVerdict } from "./facts.ts";
export { type Screen, screenFromText, textBeforeCursor } from "./screen.ts";
export { type Signal, STATUS_RULES, type StatusRule, WORKING_WINDOW_SECONDS } from "./rules.ts";
export { PaneAttention, type PaneObservation, REDRAW_GRACE_MS } from "./pane_attention.ts";
