/** Owns saving a file uploaded into a session's directory: a new file, never one overwritten. */

import { join } from "node:path";
import { numberedName } from "../protocol/upload_name.ts";
import { HttpError } from "./http_error.ts";

/** Names tried (`shot.png`, `shot-1.png`, …) before giving up. */
const MAX_TRIES = 1000;

export interface SavedFile {
  /** Absolute path of the new file. */
  path: string;
  /** Its name (numbered when the one asked for was taken). */
  name: string;
  size: number;
}

/**
 * Write `bytes` to a new file named `name` (checked by the caller) in `dir`; a taken name gets a
 * number (`shot-1.png`). Created exclusively, so a file that appears meanwhile is never replaced.
 */
export async function saveUpload(dir: string, name: string, bytes: Uint8Array): Promise<SavedFile> {
  for (let n = 0; n < MAX_TRIES; n++) {
    const candidate = n === 0 ? name : numberedName(name, n);
    const path = join(dir, candidate);
    try {
      await Deno.writeFile(path, bytes, { createNew: true, mode: 0o644 });
      return { path, name: candidate, size: bytes.length };
    } catch (error) {
      if (error instanceof Deno.errors.AlreadyExists) continue;
      throw new HttpError(
        409,
        "cannot_save",
        `Cannot save "${candidate}" in ${dir}: ${error instanceof Error ? error.message : error}`,
      );
    }
  }
  throw new HttpError(409, "cannot_save", `Cannot save "${name}" in ${dir}: every name is taken`);
}
