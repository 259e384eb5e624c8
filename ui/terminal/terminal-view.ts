/**
 * Owns `<terminal-view>`: one session's xterm.js terminal bound to its TerminalConnection, with
 * fit-to-size, flow control, copy/paste, and WebGL rendering while it is the active terminal.
 * Over 400 lines because it is the one owner of an xterm.js instance: everything that acts on the
 * terminal is set up and disposed with it here.
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
import { sessionPath } from "../shared/types.ts";

const encoder = new TextEncoder();
/** RIS: xterm.js's full reset (screen, scrollback, modes), as a byte sequence. */
const RESET = new Uint8Array([0x1b, 0x63]);
const RESIZE_DEBOUNCE_MS = 80;

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
 * Properties in: `host`, `name`, `active` (shown, focused, WebGL), `ctrlArmed` (the key bar's
 * sticky Ctrl), `hostName` and `hostOnline` (the session's host as the session list reports it:
 * a terminal whose host is down keeps retrying, and retries at once when it is back). Events out:
 * `terminal-renamed`, `terminal-title`, `ctrl-consumed`, `terminal-state`, `terminal-close` (the
 * user closed an ended terminal).
 */
export class TerminalView extends LightElement {
  static override properties = {
    host: {},
    name: {},
    active: { type: Boolean },
    ctrlArmed: { attribute: false },
    altArmed: { attribute: false },
    hostName: { attribute: false },
    hostOnline: { attribute: false },
    connectionState: { state: true },
  };

  declare host: string;
  declare name: string;
  declare active: boolean;
  declare ctrlArmed: boolean;
  declare altArmed: boolean;
  declare hostName: string;
  declare hostOnline: boolean;
  declare connectionState: TerminalState;

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
  /** When the stream last ended (ms since the epoch), to tell a host's shutdown from an exit. */
  #endedAt = -Infinity;

  constructor() {
    super();
    this.host = "local";
    this.name = "";
    this.active = false;
    this.ctrlArmed = false;
    this.altArmed = false;
    this.hostName = "";
    this.hostOnline = true;
    this.connectionState = { kind: "connecting" };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener("visibilitychange", this.#visibilityChanged);
    // Moved in the DOM after a first render: start again (a fresh snapshot repaints it).
    if (this.hasUpdated && this.#term === null) this.#setUp();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener("visibilitychange", this.#visibilityChanged);
    this.#tearDown();
  }

  override render(): TemplateResult {
    const state = this.connectionState;
    return html`
      <div class="term-host" role="group" aria-label=${`Terminal of ${this.name}`}></div>
      <div
        class="term-state"
        data-state=${state.kind}
        data-code=${"code" in state ? state.code ?? "" : ""}
        role="status"
        aria-live="polite"
      >
        <span class="term-state-text">
          ${this.#stateText(state)}
          ${state.kind === "reconnecting" && state.code === "host_offline"
            ? html`<span class="term-state-detail">${state.reason}</span>`
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
    this.hidden = !this.active;
    this.dataset.state = this.connectionState.kind;
    if (changed.has("active")) this.#connection?.setFocused(this.#looking());
    if (changed.has("active")) {
      if (this.active) {
        this.#enableWebgl();
        requestAnimationFrame(() => {
          this.#fitNow();
          this.#term?.focus();
        });
      } else {
        this.#disableWebgl();
        this.#search?.clear();
      }
    }
  }

  /** Whether a person sees this terminal: the active one, in a tab that is visible. */
  #looking(): boolean {
    return this.active && document.visibilityState === "visible";
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
    this.#connection?.sendInput(encoder.encode(data));
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

  /** Whether full-screen programs asked for application cursor keys (arrows send ESC O x). */
  get applicationCursor(): boolean {
    return this.#term?.modes.applicationCursorKeysMode ?? false;
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
        return `Reconnecting in ${seconds} s — ${state.reason}`;
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
      scrollback: 10_000,
      fontFamily: TERMINAL_FONT,
      fontSize: 13,
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
    this.#search = new TerminalSearch(term, () => this.#schemeQuery?.matches ?? false);
    this.#fitNow();

    const connection = new TerminalConnection({
      url: () =>
        socketUrl(`${sessionPath({ host: this.host, name: this.name })}/terminal`, location),
      sink: {
        size: () => ({ cols: term.cols, rows: term.rows }),
        // In band: term.reset() would run before output still queued in xterm's write buffer
        // (a previous snapshot) is parsed, and that output would land on the new screen. RIS
        // (ESC c) is xterm's full reset, applied in order with the data around it.
        reset: () => this.#write(RESET),
        write: (bytes) => this.#write(bytes),
        snapshotEnd: () => term.write("", () => this.#search?.snapshotApplied()),
        title: (title) => this.emit("terminal-title", { host: this.host, name: this.name, title }),
        renamed: (to) => {
          const detail: TerminalRenamedDetail = { host: this.host, from: this.name, to };
          this.name = to;
          this.emit("terminal-renamed", detail);
        },
      },
      onState: (state) => {
        this.connectionState = state;
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
      connection.sendInput(encoder.encode(data));
    });
    term.onBinary((data) => {
      connection.sendInput(Uint8Array.from(data, (char) => char.charCodeAt(0) & 0xff));
    });
    term.onResize(({ cols, rows }) => connection.resize(cols, rows));

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
    if (this.active) this.#enableWebgl();
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
    clearTimeout(this.#resizeTimer);
    clearInterval(this.#retryClock);
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
  }

  #fitNow(): void {
    const container = this.querySelector<HTMLElement>(".term-host");
    if (!this.active || this.#fit === null || container === null) return;
    if (container.clientWidth === 0 || container.clientHeight === 0) return;
    try {
      this.#fit.fit();
    } catch {
      // The renderer is not ready yet; the next resize fits.
    }
  }

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
