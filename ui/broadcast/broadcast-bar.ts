/**
 * Owns `<broadcast-bar>`: typing once into every ticked session. It always lists who receives
 * the input, sends a line (or a key) to all of them, and shows which ones did not get it.
 */
/// <reference lib="dom" />

import { html, nothing, type TemplateResult } from "lit";
import type { ApiClient, BroadcastInput, BroadcastResult } from "../shared/api_client.ts";
import { type BroadcastTargets, recipients, recipientsSummary } from "./broadcast_selection.ts";
import { broadcastIcon, closeIcon } from "../shared/icons.ts";
import { LightElement } from "../shared/light_element.ts";
import type { Host, Session, SessionRef } from "../shared/types.ts";
import { sessionKey } from "../shared/types.ts";

/** The keys offered as buttons: what agents and shells most often need from everyone at once. */
const KEYS: { label: string; name: string; input: BroadcastInput }[] = [
  { label: "⏎ Enter", name: "Send Enter", input: { enter: true } },
  { label: "Ctrl+C", name: "Send Ctrl+C", input: { keys: ["C-c"] } },
  { label: "Esc", name: "Send Escape", input: { keys: ["Escape"] } },
  { label: "Tab", name: "Send Tab", input: { keys: ["Tab"] } },
  { label: "↑", name: "Send Up arrow", input: { keys: ["Up"] } },
];

/**
 * Properties in: `api`, `sessions`, `hosts`, `targets` (ticked session keys). Events out:
 * `broadcast-change` with a new set of keys (a recipient removed), `broadcast-close`, and
 * `mutes-change` with the server's muted list after Mute or Unmute (the selection's, at once).
 */
export class BroadcastBar extends LightElement {
  static override properties = {
    api: { attribute: false },
    sessions: { attribute: false },
    hosts: { attribute: false },
    targets: { attribute: false },
    failures: { state: true },
    notice: { state: true },
    error: { state: true },
  };

  declare api: ApiClient | null;
  declare sessions: Session[];
  declare hosts: Host[];
  declare targets: BroadcastTargets;
  /** Targets of the last broadcast that did not get it, with why. */
  declare failures: BroadcastResult[];
  declare notice: string;
  /** The last broadcast was refused whole (nothing was sent). */
  declare error: string;
  /** Broadcasts go out one after another, so a line and a key typed next arrive in order. */
  #queue: Promise<void> = Promise.resolve();

  constructor() {
    super();
    this.api = null;
    this.sessions = [];
    this.hosts = [];
    this.targets = new Set();
    this.failures = [];
    this.notice = "";
    this.error = "";
  }

  /** Put the keyboard in the text field. */
  focusInput(): void {
    this.updateComplete.then(() => this.#input?.focus());
  }

  get #input(): HTMLInputElement | null {
    return this.querySelector<HTMLInputElement>(".broadcast-text");
  }

  override render(): TemplateResult {
    const to = recipients(this.targets, this.sessions);
    const failed = new Map(this.failures.map((f) => [sessionKey(f), f.error?.message ?? ""]));
    return html`
      <section class="broadcast-bar" aria-label="Broadcast">
        <div class="broadcast-head">
          <span class="broadcast-badge">${broadcastIcon}<span>Broadcast</span></span>
          <span id="broadcast-summary" class="broadcast-summary">${recipientsSummary(
            to.length,
          )}</span>
          <ul class="broadcast-recipients" aria-labelledby="broadcast-summary">
            ${to.map((session) => {
              const label = this.#label(session);
              const why = failed.get(sessionKey(session));
              return html`
                <li class="recipient" data-failed=${why === undefined ? nothing : "true"}>
                  <span class="recipient-name" title=${why ?? label}>${label}</span>
                  ${why === undefined
                    ? nothing
                    : html`<span class="visually-hidden">(not sent)</span>`}
                  <button
                    class="recipient-remove"
                    type="button"
                    aria-label=${`Stop sending to ${label}`}
                    @click=${() => this.#remove(session)}
                  >${closeIcon}</button>
                </li>
              `;
            })}
          </ul>
          <button
            class="btn ghost broadcast-mute"
            type="button"
            ?disabled=${to.length === 0}
            title="Mute every selected session: no notification and no count when they need you"
            @click=${() => this.#mute(to, true)}
          >Mute</button>
          <button
            class="btn ghost broadcast-unmute"
            type="button"
            ?disabled=${to.length === 0}
            title="Notify about every selected session again"
            @click=${() => this.#mute(to, false)}
          >Unmute</button>
          <button
            class="btn ghost broadcast-done"
            type="button"
            title="Stop broadcasting"
            @click=${() => this.emit("broadcast-close")}
          >Done</button>
        </div>
        <div class="broadcast-row">
          <input
            class="input mono broadcast-text"
            type="text"
            aria-label="Broadcast text"
            aria-describedby="broadcast-summary"
            placeholder=${to.length === 0
              ? "Tick sessions in the sidebar first"
              : `Type a line; Enter sends it to ${to.length} session${to.length === 1 ? "" : "s"}`}
            autocomplete="off"
            spellcheck="false"
            @keydown=${this.#keydown}
          >
          <div class="broadcast-keys" role="toolbar" aria-label="Keys for every selected session">
            ${KEYS.map(({ label, name, input }) =>
              html`
                <button
                  class="btn"
                  type="button"
                  aria-label=${name}
                  ?disabled=${to.length === 0}
                  @click=${() => this.#send(input)}
                >${label}</button>
              `
            )}
          </div>
        </div>
        <p class="broadcast-notice" role="status">${this.notice}</p>
        ${this.error === "" && this.failures.length === 0 ? nothing : html`
          <div class="broadcast-failures" role="alert">
            ${this.error !== "" ? html`<p>${this.error}</p>` : html`
              <ul>
                ${this.failures.map((f) =>
                  html`<li>Not sent to ${this.#label(f)}: ${
                    f.error?.message ?? "unknown error"
                  }</li>`
                )}
              </ul>
            `}
          </div>
        `}
      </section>
    `;
  }

  /** Mute or unmute the selected sessions; the page's mutes follow the server's answer. */
  async #mute(to: Session[], muted: boolean): Promise<void> {
    if (this.api === null) return;
    this.error = "";
    this.failures = [];
    try {
      const list = await this.api.setMutedMany(to, muted);
      this.emit<SessionRef[]>("mutes-change", list);
      this.notice = `${muted ? "Muted" : "Unmuted"} ${to.length} session${
        to.length === 1 ? "" : "s"
      }.`;
    } catch (error) {
      this.error = `Cannot ${muted ? "mute" : "unmute"} them: ${(error as Error).message}`;
    }
  }

  /** The session's name, with its host's name in front when it is on another machine. */
  #label(ref: { host: string; name: string }): string {
    if (ref.host === "local") return ref.name;
    const host = this.hosts.find((h) => h.id === ref.host)?.name ?? ref.host;
    return `${host}/${ref.name}`;
  }

  #remove(session: Session): void {
    const next = new Set(this.targets);
    next.delete(sessionKey(session));
    this.emit<Set<string>>("broadcast-change", next);
    this.focusInput();
  }

  #keydown = (event: KeyboardEvent): void => {
    if (event.key !== "Enter" || event.isComposing || event.shiftKey) return;
    event.preventDefault();
    const input = event.target as HTMLInputElement;
    const text = input.value;
    input.value = "";
    this.#send(text === "" ? { enter: true } : { text, enter: true }).then((sent) => {
      // Refused whole: nothing was typed anywhere, so give the line back to edit.
      if (!sent && input.value === "") input.value = text;
    });
  };

  /** Queue one broadcast to the current recipients; resolves false when nothing was sent. */
  #send(input: BroadcastInput): Promise<boolean> {
    const to = recipients(this.targets, this.sessions);
    const run = async (): Promise<boolean> => {
      if (to.length === 0) {
        this.error = "Tick at least one session in the sidebar, then send.";
        this.failures = [];
        return false;
      }
      if (this.api === null) return false;
      try {
        const results = await this.api.broadcast(to, input);
        this.failures = results.filter((result) => !result.ok);
        this.error = "";
        const ok = results.length - this.failures.length;
        this.notice = this.failures.length === 0
          ? `Sent to ${ok} session${ok === 1 ? "" : "s"}.`
          : `Sent to ${ok} of ${results.length} sessions.`;
        return true;
      } catch (error) {
        this.failures = [];
        this.notice = "";
        this.error = `Nothing was sent: ${(error as Error).message}`;
        return false;
      }
    };
    const done = this.#queue.then(run);
    this.#queue = done.then(() => {});
    return done;
  }
}

customElements.define("broadcast-bar", BroadcastBar);

declare global {
  interface HTMLElementTagNameMap {
    "broadcast-bar": BroadcastBar;
  }
}
