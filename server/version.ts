/** Owns Maestro's version string (shown by --version and /api/health). */

export const VERSION = "0.1.0";
