/** The public surface of tmux/: everything the server uses, nothing about HTTP. */

export { type CloseInfo, ControlClient, Reply } from "./control_client.ts";
export { type ControlEvent, ControlParser } from "./control_parser.ts";
export * from "./errors.ts";
export { PaneStreams, type PaneStreamsOptions, type Subscription } from "./pane_streams.ts";
export {
  groupPath,
  SESSION_NAME_MAX,
  SESSION_NAME_RULE,
  sessionNameProblem,
} from "./session_name.ts";
export {
  type Capture,
  type CaptureOptions,
  type CreateSessionOptions,
  INPUT_MAX_BYTES,
  isKeyName,
  type SessionInfo,
  SessionService,
} from "./session_service.ts";
export { sessionShape } from "./session_list.ts";
export { MAX_SCREEN_BATCH, ScreenCapturer, type ScreenResults } from "./screen_capturer.ts";
export {
  DEFAULT_FLOOD_LIMITS,
  type FloodLimits,
  SERVER_EXITED_REASON,
  SESSION_ENDED_REASON,
  SessionStream,
  STREAM_CLOSED_REASON,
  type StreamSnapshot,
  type StreamViewer,
} from "./session_stream.ts";
export { checkTmuxVersion, MIN_TMUX_VERSION, type TmuxOptions } from "./tmux_exec.ts";
export {
  LAYOUTS_FIELD,
  type PaneShape,
  parseLayouts,
  readLayouts,
  type WindowShape,
} from "./session_layout.ts";
export {
  layoutSize,
  type RestoredSession,
  type RestorePlan,
  restoreSession,
} from "./session_restore.ts";
