/**
 * Owns `<inbox-view>` (`#/inbox`): every session on every host that needs you, oldest question
 * first, each with its question and its answers, then the sessions that are done — so a person
 * clears the queue without opening terminals. Keys: ↑/↓ move, 1–9 choose that answer of the
 * focused item, Enter or o opens it.
 */
/// <reference lib="dom" />

import { html, nothing, type TemplateResult } from "lit";
import { repeat } from "lit/directives/repeat.js";
import type { ApiClient } from "../shared/api_client.ts";
import { closeIcon } from "../shared/icons.ts";
import { LightElement } from "../shared/light_element.ts";
import { agoText } from "../shared/relative_time.ts";
import type { Host, SessionRef } from "../shared/types.ts";
import { sessionKey } from "../shared/types.ts";
import { STATUS_TEXT, statusDot } from "../sessions/status_dot.ts";
import { type InboxItem, inboxItems } from "./inbox_items.ts";
import type { PromptOptions } from "./prompt-options.ts";
import type { Session } from "../shared/types.ts";
import "./prompt-options.ts";

/**
 * Properties in: `api`, `sessions`, `hosts`, `muted`. Events out: `session-select` with a
 * `SessionRef` (Open), `inbox-close`.
 */
export class InboxView extends LightElement {
  static override properties = {
    api: { attribute: false },
    sessions: { attribute: false },
    hosts: { attribute: false },
    muted: { attribute: false },
    focusKey: { state: true },
  };

  declare api: ApiClient | null;
  declare sessions: Session[];
  declare hosts: Host[];
  declare muted: ReadonlySet<string>;
  /** The focused item's session key (roving focus), or null for the first. */
  declare focusKey: string | null;

  constructor() {
    super();
    this.api = null;
    this.sessions = [];
    this.hosts = [];
    this.muted = new Set();
    this.focusKey = null;
  }

  /** Put the keyboard on the first item (or the heading when the inbox is empty). */
  async focusView(): Promise<void> {
    await this.updateComplete;
    const first = this.querySelector<HTMLElement>(".inbox-item");
    (first ?? this.querySelector<HTMLElement>("#inbox-title"))?.focus();
  }

  override render(): TemplateResult {
    const items = inboxItems(this.sessions);
    const waiting = items.filter((i) => i.kind === "needs-you");
    const done = items.filter((i) => i.kind === "done");
    const focusKey = items.some((i) => sessionKey(i.session) === this.focusKey)
      ? this.focusKey
      : items[0] === undefined
      ? null
      : sessionKey(items[0].session);
    const now = Date.now() / 1000;
    return html`
      <section class="inbox" aria-labelledby="inbox-title" @keydown=${this.#keydown}>
        <header class="overview-head inbox-head">
          <h2 id="inbox-title" tabindex="-1">Inbox</h2>
          <span class="meta" role="status">${waiting.length} need${waiting.length === 1
            ? "s"
            : ""} you · ${done.length} done</span>
          <button
            class="btn ghost"
            type="button"
            aria-label="Close inbox"
            @click=${() => this.emit("inbox-close")}
          >${closeIcon}<span>Close</span></button>
        </header>
        <div class="inbox-scroll">
          <p class="inbox-hint">↑ ↓ move · <kbd>1</kbd>–<kbd>9</kbd> answer · <kbd>Enter</kbd> open</p>
          ${this.#renderList("Needs you", waiting, focusKey, now)}
          ${this.#renderList("Done", done, focusKey, now)}
          ${items.length === 0
            ? html`<p class="inbox-empty">Nobody needs you. Sessions that ask or finish show here.</p>`
            : nothing}
        </div>
      </section>
    `;
  }

  #renderList(
    title: string,
    items: InboxItem[],
    focusKey: string | null,
    now: number,
  ): TemplateResult | typeof nothing {
    if (items.length === 0) return nothing;
    return html`
      <h3 class="inbox-section">${title}</h3>
      <ul class="inbox-list" aria-label=${title}>
        ${repeat(
          items,
          (i) => sessionKey(i.session),
          (item) => this.#renderItem(item, focusKey, now),
        )}
      </ul>
    `;
  }

  #renderItem(item: InboxItem, focusKey: string | null, now: number): TemplateResult {
    const { session } = item;
    const key = sessionKey(session);
    const host = session.host === "local"
      ? null
      : this.hosts.find((h) => h.id === session.host)?.name ?? session.host;
    const label = host === null ? session.name : `${host}/${session.name}`;
    const muted = this.muted.has(key);
    return html`
      <li
        class="inbox-item"
        data-key=${key}
        data-name=${session.name}
        data-status=${session.status}
        tabindex=${key === focusKey ? "0" : "-1"}
        aria-label=${`${label}, ${STATUS_TEXT[session.status]}${muted ? ", muted" : ""}${
          session.prompt ? `: ${session.prompt.text}` : ""
        }`}
        @focus=${() => (this.focusKey = key)}
      >
        <div class="inbox-item-head">
          ${statusDot(session.status, session.statusRule)}
          <span class="inbox-name">${label}</span>
          <span class="inbox-since">${agoText(item.since, now)}</span>
          <button
            class="btn ghost inbox-open"
            type="button"
            aria-label=${`Open ${label}`}
            @click=${() => this.#open(session)}
          >Open</button>
        </div>
        ${item.kind === "needs-you"
          ? session.prompt
            ? html`<prompt-options show-text .api=${this.api} .session=${session}></prompt-options>`
            : html`
              <p
                class="prompt-none">It needs you (${session.statusRule ??
                  "no rule"}), and its screen shows nothing to choose: open it.</p>
            `
          : html`<p class="inbox-done">Finished since anyone last looked (${
            session.statusRule ?? "done"
          }): open it to see.</p>`}
      </li>
    `;
  }

  #open(ref: SessionRef): void {
    this.emit<SessionRef>("session-select", { host: ref.host, name: ref.name });
  }

  #keydown = (event: KeyboardEvent): void => {
    const item = (event.target as HTMLElement).closest<HTMLElement>(".inbox-item");
    if (item === null || event.target !== item) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const all = [...this.querySelectorAll<HTMLElement>(".inbox-item")];
    const index = all.indexOf(item);
    const session = this.sessions.find((s) => sessionKey(s) === item.dataset.key);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = all[index + (event.key === "ArrowDown" ? 1 : -1)];
      next?.focus();
    } else if ((event.key === "Enter" || event.key === "o") && session) {
      event.preventDefault();
      this.#open(session);
    } else {
      // 1–9 choose by position; an option's own key (y, n…) chooses it too.
      const options = item.querySelector<PromptOptions>("prompt-options");
      const choices = options?.session?.prompt?.options ?? [];
      const option = /^[1-9]$/.test(event.key)
        ? choices[Number(event.key) - 1]
        : choices.find((o) => o.key === event.key);
      if (options && option) {
        event.preventDefault();
        // The next item takes the focus as this one leaves the list.
        (all[index + 1] ?? all[index - 1])?.focus();
        options.answer(option.key);
      }
    }
  };
}

customElements.define("inbox-view", InboxView);

declare global {
  interface HTMLElementTagNameMap {
    "inbox-view": InboxView;
  }
}
