/**
 * Owns `<overview-thumb>`: one session in the overview — its screen scaled down (read-only spans,
 * no terminal emulator), name, group colour, status and host. A link: click or Enter opens it.
 * A session that needs you shows its answers under the card.
 */
/// <reference lib="dom" />

import { html, nothing, type TemplateResult } from "lit";
import { renderScreen } from "./ansi_render.ts";
import type { OverviewDensity } from "./overview_filter.ts";
import type { ApiClient } from "../shared/api_client.ts";
import { LightElement } from "../shared/light_element.ts";
import "../inbox/prompt-options.ts";
import type { Thumbnail } from "./overview_connection.ts";
import { groupHue, groupOf } from "../sessions/session_groups.ts";
import { STATUS_TEXT, statusDot } from "../sessions/status_dot.ts";
import type { Session } from "../shared/types.ts";

/** Lines a small card shows. */
const SMALL_LINES = 4;

/** `#/host/name`: the page's route to a session's terminal. */
export function sessionHash(session: Pick<Session, "host" | "name">): string {
  return `#/${encodeURIComponent(session.host)}/${encodeURIComponent(session.name)}`;
}

/**
 * Properties in: `api`, `session`, `thumbnail` (absent until the first capture), `hostName`,
 * `available`.
 */
export class OverviewThumb extends LightElement {
  static override properties = {
    api: { attribute: false },
    session: { attribute: false },
    thumbnail: { attribute: false },
    hostName: { attribute: false },
    available: { attribute: false },
    limited: { attribute: false },
    density: { attribute: false },
  };

  declare api: ApiClient | null;
  declare session: Session | null;
  declare thumbnail: Thumbnail | undefined;
  declare hostName: string;
  declare available: boolean;
  /** The server's session limit left this one without a preview. */
  declare limited: boolean;
  /** S: the last lines at a readable size; M and L: the whole screen scaled to the card. */
  declare density: OverviewDensity;

  constructor() {
    super();
    this.api = null;
    this.session = null;
    this.thumbnail = undefined;
    this.hostName = "";
    this.available = true;
    this.limited = false;
    this.density = "m";
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute("role", "listitem");
  }

  #screen(thumbnail: Thumbnail): TemplateResult {
    const rendered = renderScreen(thumbnail.screen, thumbnail.rows);
    if (this.density === "s") {
      // The last lines that say anything, at a size one can read, cut at the card's edge.
      const filled = rendered.filter((spans) => spans.some((span) => span.text.trim() !== ""));
      const last = filled.slice(-SMALL_LINES).map((spans) =>
        html`<div class="ov-line">${
          spans.map((span) =>
            span.style === "" ? span.text : html`<span style=${span.style}>${span.text}</span>`
          )
        }</div>`
      );
      return html`<div class="ov-lines ov-lines-small">${last}</div>`;
    }
    const lines = rendered.map((spans) =>
      html`<div class="ov-line">${
        spans.map((span) =>
          span.style === "" ? span.text : html`<span style=${span.style}>${span.text}</span>`
        )
      }</div>`
    );
    // No whitespace between the lines: the lines are "white-space: pre".
    return html`<div class="ov-lines" style="--cols:${
      Math.max(thumbnail.cols, 20)
    }">${lines}</div>`;
  }

  override render(): TemplateResult | typeof nothing {
    const session = this.session;
    if (session === null) return nothing;
    const status = this.available ? session.status : "offline";
    const statusText = this.available
      ? STATUS_TEXT[session.status] ?? session.status
      : `unavailable, ${this.hostName} is offline`;
    const remote = session.host !== "local";
    const label = `${session.name}, ${statusText}${remote ? `, on ${this.hostName}` : ""}`;
    const hue = groupHue(groupOf(session)[0] as string);
    return html`
      <a
        class="ov-thumb"
        href=${sessionHash(session)}
        aria-label=${label}
        title=${[session.title, session.command].filter(Boolean).join(" · ")}
        data-status=${status}
        style="--hue:${hue}"
      >
        <div class="ov-screen" aria-hidden="true">
          ${this.thumbnail !== undefined
            ? this.#screen(this.thumbnail)
            : html`<div class="ov-placeholder">${this.limited ? "No preview" : "Loading…"}</div>`}
        </div>
        <div class="ov-caption">
          ${this.available ? statusDot(session.status) : nothing}
          <span class="ov-name">${session.name}</span>
          ${remote || !this.available
            ? html`<span class="ov-host">${this.hostName}${
              this.available ? "" : " · offline"
            }</span>`
            : nothing}
        </div>
      </a>
      ${session.prompt && this.available && session.prompt.options.length > 0
        ? html`<prompt-options class="ov-prompt" .api=${this.api} .session=${session}></prompt-options>`
        : nothing}
    `;
  }
}

customElements.define("overview-thumb", OverviewThumb);

declare global {
  interface HTMLElementTagNameMap {
    "overview-thumb": OverviewThumb;
  }
}
