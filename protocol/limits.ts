/**
 * Owns the limits every client of the API can count on (README, "Limits"). The server enforces
 * each one and answers a clear 4xx beyond it; each has a test.
 */

/** Largest request body accepted (a paste through the input route, a note). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Largest note, in UTF-8 bytes. */
export const NOTE_MAX_BYTES = 64 * 1024;

/** Most bytes one input call may type (a large paste). */
export const INPUT_MAX_BYTES = 1024 * 1024;

/** Most viewers of one session (relayed ones included). */
export const DEFAULT_MAX_VIEWERS_PER_SESSION = 32;

/** Most sessions that may be muted at once. */
export const MAX_MUTED_SESSIONS = 2000;

/** Most overview sockets open at once, and most thumbnails one overview shows. */
export const DEFAULT_MAX_OVERVIEW_SOCKETS = 32;
export const DEFAULT_MAX_OVERVIEW_SESSIONS = 200;

/** Largest file dropped or pasted into a terminal (uploaded into the session's directory). */
export const UPLOAD_MAX_BYTES = 25 * 1024 * 1024;
