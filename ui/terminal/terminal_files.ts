/**
 * Owns files dropped or pasted into a terminal: each is uploaded into the session's directory
 * (on its host) and its path typed, the way agents take screenshots and files; one too large, or
 * refused by the server, is said in words (file_drop.ts).
 */
/// <reference lib="dom" />

import { ApiError } from "../shared/api_client.ts";
import { typedPath, uploadFailure, uploadRefusal } from "./file_drop.ts";

export interface TerminalFilesOptions {
  /** Upload one file; resolves to where it was saved. */
  upload(file: File): Promise<{ path: string }>;
  /** Type text into the pane (the saved paths). */
  type(text: string): void;
  /** Say something about the upload (null clears it). */
  notice(text: string | null, failed: boolean): void;
}

function hasFiles(transfer: DataTransfer | null): boolean {
  return transfer !== null && Array.from(transfer.types).includes("Files");
}

export class TerminalFiles implements Disposable {
  readonly #container: HTMLElement;
  readonly #options: TerminalFilesOptions;
  /** The uploads asked for so far, one after another: paths are typed in the order given. */
  #queue: Promise<void> = Promise.resolve();

  constructor(container: HTMLElement, options: TerminalFilesOptions) {
    this.#container = container;
    this.#options = options;
    container.addEventListener("dragover", this.#onDragOver);
    container.addEventListener("drop", this.#onDrop);
    // Capture: xterm's textarea would take the paste as text (nothing, for an image).
    container.addEventListener("paste", this.#onPaste, { capture: true });
  }

  #onDragOver = (event: DragEvent): void => {
    if (!hasFiles(event.dataTransfer)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
  };

  #onDrop = (event: DragEvent): void => {
    const files = Array.from(event.dataTransfer?.files ?? []);
    if (files.length === 0) return;
    event.preventDefault();
    this.send(files);
  };

  #onPaste = (event: ClipboardEvent): void => {
    const files = Array.from(event.clipboardData?.files ?? []);
    if (files.length === 0) return;
    event.preventDefault();
    event.stopPropagation();
    this.send(files);
  };

  /**
   * Upload `files` one after another, typing each saved path, after the files of earlier calls
   * (two images pasted quickly are typed in the order pasted, each under the name it was saved).
   */
  send(files: readonly File[]): Promise<void> {
    this.#queue = this.#queue.then(() => this.#sendNow(files));
    return this.#queue;
  }

  async #sendNow(files: readonly File[]): Promise<void> {
    const { upload, type, notice } = this.#options;
    for (const file of files) {
      const refusal = uploadRefusal(file);
      if (refusal !== null) {
        notice(refusal, true);
        continue;
      }
      notice(`Uploading ${file.name}…`, false);
      try {
        const saved = await upload(file);
        type(typedPath(saved.path));
        notice(null, false);
      } catch (error) {
        const status = error instanceof ApiError ? error.status : 0;
        const message = error instanceof Error ? error.message : String(error);
        notice(uploadFailure(file.name, status, message), true);
      }
    }
  }

  [Symbol.dispose](): void {
    this.#container.removeEventListener("dragover", this.#onDragOver);
    this.#container.removeEventListener("drop", this.#onDrop);
    this.#container.removeEventListener("paste", this.#onPaste, { capture: true });
  }
}
