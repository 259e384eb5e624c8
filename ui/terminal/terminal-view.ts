/**
 * Owns `<terminal-view>`: one session's xterm.js terminal bound to its TerminalConnection, with
 * fit-to-size, flow control, copy/paste, and WebGL rendering while it is the active terminal.
 * Over 400 lines because it is the one owner of an xterm.js instance: everything that acts on the
 * terminal is set up and disposed with it here. The behaviours themselves live beside it, one file
 * each (wheel, font size, scroll memory, sizing policy, files), so what stays is the wiring.
 */
/// <reference lib="dom" />

import { FitAddon } from "@xterm/addon-fit";
import { Unicode11Addon } from "@xterm/addon-unicode11";
import { WebglAddon } from "@xterm/addon-webgl";
import { WebLinksAddon } from "@xterm/addon-web-links";
import { Terminal } from "@xterm/xterm";
import { html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { copyText, isMac } from "../shared/clipboard.ts";
import { FlowControl } from "./flow_control.ts";
import { withAlt, withCtrl } from "./key_bytes.ts";
import { LightElement } from "../shared/light_element.ts";
import { socketUrl } from "../shared/socket.ts";
import { TerminalConnection, type TerminalState } from "./terminal_connection.ts";
import { shouldRetryNow } from "./terminal_retry.ts";
import { type RevealedMatch, TerminalSearch } from "./terminal_search.ts";
import { TERMINAL_FONT, terminalTheme } from "./terminal_theme.ts";
import { TerminalWheel } from "./terminal_wheel.ts";
import { scrollMemory } from "./scroll_memory.ts";
import { sizedByText } from "./pane_fit.ts";
import { PaneSizing } from "./pane_sizing.ts";
import { TerminalFiles } from "./terminal_files.ts";
import { ApiClient } from "../shared/api_client.ts";
import { UPLOAD_NAME_HEADER } from "../../protocol/upload_name.ts";
import {
  FONT_SIZE_EVENT,
  type FontSizeChange,
  fontSizeKey,
  nextFontSize,
  storedFontSize,
  storeFontSize,
} from "./font_size.ts";
import { sessionPath } from "../shared/types.ts";

const encoder = new TextEncoder();
/** RIS: xterm.js's full reset (screen, scrollback, modes), as a byte sequence. */
const RESET = new Uint8Array([0x1b, 0x63]);
const RESIZE_DEBOUNCE_MS = 80;
/**
 * Lines of scrollback each terminal keeps: as many as the sessions Maestro creates keep in tmux
 * (the snapshot carries all of tmux's history).
 */
const SCROLLBACK_LINES = 50_000;
/** How long "not sent" stays up after the last refused key, ms. */
const REFUSED_NOTICE_MS = 4000;

/** WebGL unless `localStorage["maestro.renderer"]` is "dom" (an escape hatch for odd GPUs). */
function webglWanted(): boolean {
  try {
    return localStorage.getItem("maestro.renderer") !== "dom";
  } catch {
    return true;
  }
}

export interface TerminalRenamedDetail {
  host: string;
  from: string;
  to: string;
}

/**
 * Properties in: `host`, `name`, `active` (shown, focused, WebGL), `shown` (shown beside the
 * active one in a split: sized, WebGL, looked at, not focused), `ctrlArmed` (the key bar's
 * sticky Ctrl), `hostName` and `hostOnline` (the session's host as the session list reports it:
 * a terminal whose host is down keeps retrying, and retries at once when it is back). Events out:
 * `terminal-renamed`, `terminal-title`, `ctrl-consumed`, `terminal-state`, `terminal-close` (the
 * user closed an ended terminal), `terminal-snapshot` (a snapshot is parsed: `bufferLines` moved).
 */
export class TerminalView extends LightElement {
  static override properties = {
    host: {},
    name: {},
    active: { type: Boolean },
    shown: { type: Boolean },
    ctrlArmed: { attribute: false },
    altArmed: { attribute: false },
    hostName: { attribute: false },
    hostOnline: { attribute: false },
    connectionState: { state: true },
    refusedKeys: { state: true },
    fontSize: { state: true },
    sizedBy: { state: true },
    notice: { state: true },
  };

  declare host: string;
  declare name: string;
  declare active: boolean;
  declare shown: boolean;
  declare ctrlArmed: boolean;
  declare altArmed: boolean;
  declare hostName: string;
  declare hostOnline: boolean;
  declare connectionState: TerminalState;
  /** Keys were typed and not sent since the connection was last live. */
  declare refusedKeys: boolean;
  declare fontSize: number;
  /** The pane's size while another viewer sets it (null: this one does). */
  declare sizedBy: { cols: number; rows: number } | null;
  /** What an upload (a file dropped or pasted) is doing, or why it failed. */
  declare notice: { text: string; failed: boolean } | null;

  #term: Terminal | null = null;
  #fit: FitAddon | null = null;
  #webgl: WebglAddon | null = null;
  #search: TerminalSearch | null = null;
  #connection: TerminalConnection | null = null;
  #flow: FlowControl | null = null;
  #resizeObserver: ResizeObserver | null = null;
  #resizeTimer: ReturnType<typeof setTimeout> | undefined;
  #schemeQuery: MediaQueryList | null = null;
  #retryClock: ReturnType<typeof setInterval> | undefined;
  #wheel: TerminalWheel | null = null;
  #files: TerminalFiles | null = null;
  #noticeTimer: ReturnType<typeof setTimeout> | undefined;
  #refusedTimer: ReturnType<typeof setTimeout> | undefined;
  /** The scrolled-back line to return to when shown again (null: follow the output). */
  #savedLine: number | null = null;
  #sizing: PaneSizing | null = null;
  /** When the stream last ended (ms since the epoch), to tell a host's shutdown from an exit. */
  #endedAt = -Infinity;
  /** Snapshots parsed so far (`data-snapshots`: tests and bench/attach_page.ts wait on it). */
  #snapshots = 0;

  constructor() {
    super();
    this.host = "local";
    this.name = "";
    this.active = false;
    this.shown = false;
    this.ctrlArmed = false;
    this.altArmed = false;
    this.hostName = "";
    this.hostOnline = true;
    this.connectionState = { kind: "connecting" };
    this.refusedKeys = false;
    this.fontSize = storedFontSize();
    this.sizedBy = null;
    this.notice = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener("visibilitychange", this.#visibilityChanged);
    globalThis.addEventListener(FONT_SIZE_EVENT, this.#fontSizeChanged);
    // Moved in the DOM after a first render: start again (a fresh snapshot repaints it).
    if (this.hasUpdated && this.#term === null) this.#setUp();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener("visibilitychange", this.#visibilityChanged);
    globalThis.removeEventListener(FONT_SIZE_EVENT, this.#fontSizeChanged);
    this.#tearDown();
  }

  override render(): TemplateResult {
    const state = this.connectionState;
    return html`
      <div class="term-host" role="group" aria-label=${`Terminal of ${this.name}`}></div>
      <div class="term-tools" role="toolbar" aria-label="Terminal text size">
        <button
          class="term-tool"
          type="button"
          aria-label="Smaller text"
          title="Smaller text (Ctrl −)"
          @click=${() => this.#changeFontSize("smaller")}
        >
          A−
        </button>
        <span class="term-font-size" aria-label="Text size">${this.fontSize}px</span>
        <button
          class="term-tool"
          type="button"
          aria-label="Larger text"
          title="Larger text (Ctrl +)"
          @click=${() => this.#changeFontSize("bigger")}
        >
          A+
        </button>
      </div>
      ${this.notice === null ? nothing : html`
        <div class="term-notice" role="status" ?data-failed=${this.notice.failed}>
          ${this.notice.text}
        </div>
      `}
      ${this.sizedBy === null ? nothing : html`
        <button class="term-sized" type="button" @click=${this.#takeSize}>
          ${sizedByText(this.sizedBy.cols, this.sizedBy.rows)}
        </button>
      `}
      <div
        class="term-state"
        data-state=${state.kind}
        ?data-refused=${this.refusedKeys}
        data-code=${"code" in state ? state.code ?? "" : ""}
        role="status"
        aria-live="polite"
      >
        <span class="term-state-text">
          ${this.#stateText(state)}
          ${state.kind === "reconnecting" && state.code === "host_offline"
            ? html`<span class="term-state-detail">${state.reason}</span>`
            : nothing}
          ${this.refusedKeys && state.kind !== "live"
            ? html`<strong class="term-state-refused">Not connected: what you typed was not sent</strong>`
            : nothing}
        </span>
        ${state.kind === "reconnecting"
          ? html`<button class="btn" type="button" @click=${() => this.#connection?.reconnectNow()}>
            Retry now
          </button>`
          : nothing}
        ${state.kind === "ended"
          ? html`<button class="btn" type="button" @click=${() => this.emit("terminal-close")}>
            Close
          </button>`
          : nothing}
      </div>
    `;
  }

  protected override firstUpdated(): void {
    this.#setUp();
  }

  protected override updated(changed: PropertyValues<this>): void {
    const wasOnline = changed.get("hostOnline");
    if (wasOnline !== undefined && wasOnline !== this.hostOnline) this.#maybeRetry(wasOnline);
    const visible = this.#visible;
    this.hidden = !visible;
    this.dataset.state = this.connectionState.kind;
    if (changed.has("active") || changed.has("shown")) {
      this.#connection?.setFocused(this.#looking());
      const was = (key: "active" | "shown") =>
        changed.has(key) ? changed.get(key) === true : this[key];
      const wasVisible = was("active") || was("shown");
      if (visible && (!wasVisible || (this.active && !was("active")))) {
        if (!wasVisible) this.#enableWebgl();
        requestAnimationFrame(() => {
          this.#fitNow();
          if (!wasVisible) this.#restoreScroll();
          if (this.active) this.#term?.focus();
        });
      } else if (!visible && wasVisible) {
        this.#saveScroll();
        this.#disableWebgl();
        this.#search?.clear();
      }
    }
  }

  /** Shown: the active terminal, or the one beside it in a split. */
  get #visible(): boolean {
    return this.active || this.shown;
  }

  /** Remember a scrolled-back position while hidden (a hidden viewport loses its scrollTop). */
  #saveScroll(): void {
    this.#savedLine = this.#scrolledBack();
  }

  #scrolledBack(): number | null {
    const buffer = this.#term?.buffer.active;
    return buffer === undefined || buffer.viewportY >= buffer.baseY ? null : buffer.viewportY;
  }

  get #key(): string {
    return `${this.host}/${this.name}`;
  }

  #restoreScroll(): void {
    const line = this.#savedLine;
    this.#savedLine = null;
    if (line !== null) this.#term?.scrollToLine(line);
  }

  /** The first line on screen and the last line of history (for tests). */
  get scrollPosition(): { viewportY: number; baseY: number } {
    const buffer = this.#term?.buffer.active;
    return { viewportY: buffer?.viewportY ?? 0, baseY: buffer?.baseY ?? 0 };
  }

  #changeFontSize(change: FontSizeChange): void {
    storeFontSize(nextFontSize(this.fontSize, change));
    this.#term?.focus();
  }

  #fontSizeChanged = (event: Event): void => {
    const size = (event as CustomEvent<number>).detail;
    this.fontSize = size;
    if (this.#term === null || this.#term.options.fontSize === size) return;
    this.#term.options.fontSize = size;
    // Hidden terminals fit when shown; a new size reaches the pane through onResize.
    this.#fitNow();
  };

  /** Keys typed while not connected: say so instead of dropping them silently. */
  #send(bytes: Uint8Array): void {
    if (this.#connection?.sendInput(bytes)) return;
    this.refusedKeys = true;
    clearTimeout(this.#refusedTimer);
    this.#refusedTimer = setTimeout(() => (this.refusedKeys = false), REFUSED_NOTICE_MS);
  }

  /** Whether a person sees this terminal: a shown one, in a tab that is visible. */
  #looking(): boolean {
    return this.#visible && document.visibilityState === "visible";
  }

  #visibilityChanged = (): void => {
    this.#connection?.setFocused(this.#looking());
  };

  /** Focus the terminal (keyboard input goes to the pane). */
  override focus(): void {
    this.#term?.focus();
  }

  /** Send bytes to the pane as if typed (the key bar). */
  sendText(data: string): void {
    this.#send(encoder.encode(data));
  }

  /**
   * Scroll to and select the occurrence of `query` a search found on pane line `line` (0 = top
   * row of the screen, negative = scrollback), every occurrence highlighted until the next key or
   * click. Waits for the first snapshot of a terminal just opened.
   */
  revealMatch(query: string, line: number): void {
    this.#search?.reveal(query, line);
  }

  /** What the last {@link revealMatch} selected (for tests). */
  get revealedMatch(): RevealedMatch | null {
    return this.#search?.revealed ?? null;
  }

  /** The mouse reports the program asked for ("none" when it did not). */
  get mouseTracking(): string {
    return this.#term?.modes.mouseTrackingMode ?? "none";
  }

  /** Whether full-screen programs asked for application cursor keys (arrows send ESC O x). */
  get applicationCursor(): boolean {
    return this.#term?.modes.applicationCursorKeysMode ?? false;
  }

  /** Lines the terminal holds, scrollback and screen (what it costs the page, see Workspace.trim). */
  get bufferLines(): number {
    return this.#term?.buffer.active.length ?? 0;
  }

  /** The terminal's text, scrollback included, one line per row (for tests and debugging). */
  bufferText(): string {
    const buffer = this.#term?.buffer.active;
    if (buffer === undefined) return "";
    const lines: string[] = [];
    for (let y = 0; y < buffer.length; y++) {
      lines.push(buffer.getLine(y)?.translateToString(true) ?? "");
    }
    return lines.join("\n").replace(/\n+$/, "");
  }

  #stateText(state: TerminalState): string {
    switch (state.kind) {
      case "connecting":
        return "Connecting…";
      case "live":
        return "Live";
      case "reconnecting": {
        const seconds = Math.max(1, Math.ceil(state.delayMs / 1000));
        if (state.code === "host_offline") {
          return `Host ${this.hostName || this.host} is offline — reconnecting in ${seconds} s`;
        }
        return `Not connected: ${state.reason} — reconnecting in ${seconds} s`;
      }
      case "ended":
        return `Ended: ${state.reason}`;
    }
  }

  #setUp(): void {
    const container = this.querySelector<HTMLElement>(".term-host");
    if (container === null || this.#term !== null) return;
    this.#schemeQuery = matchMedia("(prefers-color-scheme: light)");
    const term = new Terminal({
      allowProposedApi: true,
      scrollback: SCROLLBACK_LINES,
      fontFamily: TERMINAL_FONT,
      fontSize: this.fontSize,
      cursorBlink: true,
      macOptionIsMeta: true,
      theme: terminalTheme(this.#schemeQuery.matches),
    });
    this.#term = term;
    const fit = new FitAddon();
    this.#fit = fit;
    term.loadAddon(fit);
    term.loadAddon(new WebLinksAddon());
    term.loadAddon(new Unicode11Addon());
    term.unicode.activeVersion = "11";
    term.attachCustomKeyEventHandler(this.#keyHandler);
    term.open(container);
    this.#wheel = new TerminalWheel(container, term);
    this.#files = new TerminalFiles(container, {
      upload: (file) =>
        new ApiClient().request<{ path: string }>(
          "POST",
          `${sessionPath({ host: this.host, name: this.name })}/files`,
          file,
          { headers: { [UPLOAD_NAME_HEADER]: encodeURIComponent(file.name) } },
        ),
      type: (text) => this.sendText(text),
      notice: (text, failed) => this.#showNotice(text, failed),
    });
    this.#search = new TerminalSearch(term, () => this.#schemeQuery?.matches ?? false);
    this.#fitNow();

    const connection = new TerminalConnection({
      url: () =>
        socketUrl(`${sessionPath({ host: this.host, name: this.name })}/terminal`, location),
      sink: {
        size: () => this.#sizing?.wanted ?? { cols: term.cols, rows: term.rows },
        // In band: term.reset() would run before output still queued in xterm's write buffer
        // (a previous snapshot) is parsed, and that output would land on the new screen. RIS
        // (ESC c) is xterm's full reset, applied in order with the data around it.
        reset: (snapshot) => {
          // Another viewer sets the size: show the pane at the size it really has.
          this.#sizing?.snapshot({ cols: snapshot.cols, rows: snapshot.rows });
          this.#write(RESET);
        },
        write: (bytes) => this.#write(bytes),
        snapshotEnd: () =>
          term.write("", () => {
            this.dataset.snapshots = String(++this.#snapshots);
            this.emit("terminal-snapshot");
            this.#search?.snapshotApplied();
            // A terminal opened again: back to where it was scrolled when it was closed.
            const line = scrollMemory.take(this.#key);
            if (line !== null) this.#term?.scrollToLine(line);
          }),
        title: (title) => this.emit("terminal-title", { host: this.host, name: this.name, title }),
        sizing: (owner, cols, rows) => this.#sizing?.sizing(owner, { cols, rows }),
        renamed: (to) => {
          const detail: TerminalRenamedDetail = { host: this.host, from: this.name, to };
          this.name = to;
          this.emit("terminal-renamed", detail);
        },
      },
      onState: (state) => {
        this.connectionState = state;
        if (state.kind === "live") this.refusedKeys = false;
        if (state.kind === "ended") {
          this.#endedAt = Date.now();
          this.#maybeRetry(this.hostOnline);
        }
        this.emit("terminal-state", { host: this.host, name: this.name, state });
      },
      onOpen: () => {
        if (this.#flow?.reconnected() === "pause") connection.pause();
      },
    });
    this.#connection = connection;
    connection.setFocused(this.#looking());
    this.#flow = new FlowControl((signal) =>
      signal === "pause" ? connection.pause() : connection.resume()
    );

    term.onData((data) => {
      this.#search?.clear();
      if (this.ctrlArmed) {
        data = withCtrl(data);
        this.ctrlArmed = false;
        this.emit("ctrl-consumed");
      }
      if (this.altArmed) {
        data = withAlt(data);
        this.altArmed = false;
        this.emit("alt-consumed");
      }
      this.#send(encoder.encode(data));
    });
    term.onBinary((data) => {
      this.#send(Uint8Array.from(data, (char) => char.charCodeAt(0) & 0xff));
    });
    this.#sizing = new PaneSizing({
      term,
      fit,
      room: container,
      resize: ({ cols, rows }) => connection.resize(cols, rows),
      onChange: (sizedBy) => (this.sizedBy = sizedBy),
    });
    // A click on a pane another viewer sizes takes it over (typing does, on the server).
    container.addEventListener("mousedown", () => {
      if (this.sizedBy !== null) this.#takeSize();
    });

    this.#resizeObserver = new ResizeObserver(() => {
      clearTimeout(this.#resizeTimer);
      this.#resizeTimer = setTimeout(() => this.#fitNow(), RESIZE_DEBOUNCE_MS);
    });
    this.#resizeObserver.observe(container);
    this.#schemeQuery.addEventListener("change", this.#schemeChanged);
    // Keep the "Reconnecting in N s" countdown honest.
    this.#retryClock = setInterval(() => {
      if (this.connectionState.kind === "reconnecting") this.requestUpdate();
    }, 1000);
    connection.connect();
    if (this.#visible) this.#enableWebgl();
  }

  /** Reconnect at once when the host's coming or going says so (see terminal_retry.ts). */
  #maybeRetry(wasOnline: boolean): void {
    const retry = shouldRetryNow({
      state: this.connectionState,
      hostOnline: this.hostOnline,
      wasOnline,
      endedAgoMs: Date.now() - this.#endedAt,
    });
    // Not from inside the connection's own state callback.
    if (retry) queueMicrotask(() => this.#connection?.reconnectNow());
  }

  #write(bytes: Uint8Array): void {
    const term = this.#term;
    const flow = this.#flow;
    if (term === null || flow === null) return;
    const length = bytes.length;
    flow.written(length);
    term.write(bytes, () => flow.parsed(length));
  }

  #tearDown(): void {
    if (this.#term !== null) scrollMemory.set(this.#key, this.#savedLine ?? this.#scrolledBack());
    clearTimeout(this.#resizeTimer);
    clearInterval(this.#retryClock);
    clearTimeout(this.#refusedTimer);
    this.#wheel?.[Symbol.dispose]();
    this.#wheel = null;
    this.#files?.[Symbol.dispose]();
    this.#files = null;
    clearTimeout(this.#noticeTimer);
    this.#resizeObserver?.disconnect();
    this.#resizeObserver = null;
    this.#schemeQuery?.removeEventListener("change", this.#schemeChanged);
    this.#connection?.close();
    this.#connection = null;
    this.#disableWebgl();
    this.#search?.dispose();
    this.#search = null;
    this.#term?.dispose();
    this.#term = null;
    this.#fit = null;
    this.#flow = null;
    this.#sizing = null;
  }

  #fitNow(): void {
    const container = this.querySelector<HTMLElement>(".term-host");
    if (!this.#visible || this.#fit === null || container === null) return;
    if (container.clientWidth === 0 || container.clientHeight === 0) return;
    try {
      // Before the connection exists, the first fit sets the size `hello` carries.
      if (this.#sizing === null) this.#fit.fit();
      else this.#sizing.fit();
    } catch {
      // The renderer is not ready yet; the next resize fits.
    }
  }

  /** Show an upload's notice; a failure stays a while, progress until it is replaced. */
  #showNotice(text: string | null, failed: boolean): void {
    clearTimeout(this.#noticeTimer);
    this.notice = text === null ? null : { text, failed };
    if (failed) this.#noticeTimer = setTimeout(() => (this.notice = null), 8000);
  }

  /** Upload files as if dropped on the terminal (for tests and the page's own file picker). */
  sendFiles(files: readonly File[]): Promise<void> {
    return this.#files?.send(files) ?? Promise.resolve();
  }

  #takeSize = (): void => {
    this.#connection?.takeSize();
    this.#term?.focus();
  };

  #enableWebgl(): void {
    if (this.#webgl !== null || this.#term === null || !webglWanted()) return;
    try {
      const addon = new WebglAddon();
      addon.onContextLoss(() => {
        addon.dispose();
        if (this.#webgl === addon) this.#webgl = null;
      });
      this.#term.loadAddon(addon);
      this.#webgl = addon;
    } catch {
      // No WebGL here: xterm.js keeps its DOM renderer.
      this.#webgl = null;
    }
  }

  #disableWebgl(): void {
    const addon = this.#webgl;
    this.#webgl = null;
    try {
      addon?.dispose();
    } catch {
      // Already disposed with its context.
    }
  }

  #schemeChanged = (event: MediaQueryListEvent): void => {
    if (this.#term) this.#term.options.theme = terminalTheme(event.matches);
  };

  /**
   * Platform shortcuts xterm.js does not give: copy a selection with Ctrl+Shift+C (Cmd+C on a
   * Mac), paste with Ctrl+Shift+V / Cmd+V through the browser's paste event (which xterm turns
   * into bracketed paste). Ctrl+K and Ctrl+V reach the program (kill to end of line, vi's visual
   * block); the page's shortcuts (ui/shell/shortcuts.ts) take only keys terminals do not use.
   */
  #keyHandler = (event: KeyboardEvent): boolean => {
    if (event.type !== "keydown") return true;
    const key = event.key.toLowerCase();
    const mac = isMac();
    const fontChange = fontSizeKey(event, mac);
    if (fontChange !== null) {
      event.preventDefault();
      this.#changeFontSize(fontChange);
      return false;
    }
    const copy = mac
      ? event.metaKey && !event.ctrlKey && key === "c"
      : event.ctrlKey && event.shiftKey && !event.altKey && key === "c";
    if (copy) {
      const term = this.#term;
      if (term?.hasSelection()) {
        copyText(term.getSelection()).catch(() => {});
        if (!mac) event.preventDefault();
      }
      return false;
    }
    const paste = mac
      ? event.metaKey && !event.ctrlKey && key === "v"
      : event.ctrlKey && event.shiftKey && !event.altKey && key === "v";
    // Returning false lets the browser run its paste; xterm's textarea then gets the paste event.
    if (paste) return false;
    return true;
  };
}

customElements.define("terminal-view", TerminalView);

declare global {
  interface HTMLElementTagNameMap {
    "terminal-view": TerminalView;
  }
}
