/**
 * Owns `<overview-view>`: every session on every host at a glance, as live read-only thumbnails,
 * filtered by group and status. Holds the `/api/overview` link only while it is shown.
 */
/// <reference lib="dom" />

import { html, nothing, type TemplateResult } from "lit";
import { repeat } from "lit/directives/repeat.js";
import { hostAvailable } from "../hosts/host_status.ts";
import type { ApiClient } from "../shared/api_client.ts";
import { closeIcon } from "../shared/icons.ts";
import { LightElement } from "../shared/light_element.ts";
import { OverviewConnection, type OverviewState } from "./overview_connection.ts";
import {
  DEFAULT_VIEW,
  filterSessions,
  groupOptions,
  NO_FILTER,
  type OverviewDensity,
  type OverviewFilter,
  type OverviewLayout,
  readView,
  statusCounts,
  toggleStatus,
} from "./overview_filter.ts";
import { socketUrl } from "../shared/socket.ts";
import { STATUS_TEXT } from "../sessions/status_dot.ts";
import { terminalTheme } from "../terminal/terminal_theme.ts";
import type { Host, Session } from "../shared/types.ts";
import { sessionKey } from "../shared/types.ts";

// Imported for its custom element definition.
import "./overview-thumb.ts";

const FILTER_KEY = "maestro.overview.filter";
const VIEW_KEY = "maestro.overview.view";

const DENSITY_NAMES: Record<OverviewDensity, string> = {
  s: "Small cards: the last lines of each, many at once",
  m: "Medium cards: each whole screen",
  l: "Large cards: each whole screen, easy to read",
};

function loadView(): OverviewLayout {
  try {
    return readView(JSON.parse(localStorage.getItem(VIEW_KEY) ?? "null"));
  } catch {
    return DEFAULT_VIEW;
  }
}

const PALETTE_KEYS = [
  "black",
  "red",
  "green",
  "yellow",
  "blue",
  "magenta",
  "cyan",
  "white",
  "brightBlack",
  "brightRed",
  "brightGreen",
  "brightYellow",
  "brightBlue",
  "brightMagenta",
  "brightCyan",
  "brightWhite",
] as const;

function loadFilter(): OverviewFilter {
  try {
    const saved = JSON.parse(sessionStorage.getItem(FILTER_KEY) ?? "null");
    if (
      typeof saved?.group === "string" && Array.isArray(saved.statuses) &&
      saved.statuses.every((s: unknown) => typeof s === "string")
    ) {
      return { group: saved.group, statuses: saved.statuses };
    }
  } catch {
    // Storage unavailable or garbled: start unfiltered.
  }
  return NO_FILTER;
}

/** Properties in: `api`, `sessions`, `hosts` (the live list). Events out: `overview-close`. */
export class OverviewView extends LightElement {
  static override properties = {
    api: { attribute: false },
    sessions: { attribute: false },
    hosts: { attribute: false },
    filter: { state: true },
    view: { state: true },
    linkState: { state: true },
  };

  declare api: ApiClient | null;
  declare sessions: Session[];
  declare hosts: Host[];
  declare filter: OverviewFilter;
  declare view: OverviewLayout;
  declare linkState: OverviewState;
  #connection: OverviewConnection | null = null;
  #scheme: MediaQueryList | null = null;

  constructor() {
    super();
    this.api = null;
    this.sessions = [];
    this.hosts = [];
    this.filter = loadFilter();
    this.view = loadView();
    this.linkState = "connecting";
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#scheme = matchMedia("(prefers-color-scheme: light)");
    this.#scheme.addEventListener("change", this.#applyTheme);
    this.#applyTheme();
    this.#connection = new OverviewConnection({
      url: socketUrl("/api/overview", location),
      onChange: () => this.requestUpdate(),
      onState: (state) => (this.linkState = state),
    });
    this.#connection.connect();
    document.addEventListener("visibilitychange", this.#visibilityChanged);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener("visibilitychange", this.#visibilityChanged);
    this.#scheme?.removeEventListener("change", this.#applyTheme);
    this.#connection?.close();
    this.#connection = null;
  }

  /** Put the focus in the view (its heading), for keyboard and screen reader users. */
  async focusView(): Promise<void> {
    await this.updateComplete;
    this.querySelector<HTMLElement>("#overview-title")?.focus();
  }

  /** A hidden tab watches nothing: the server captures nothing for it until it shows again. */
  #visibilityChanged = (): void => {
    if (document.hidden) this.#connection?.suspend();
    else this.#connection?.resume();
  };

  /** The thumbnails' terminal colours follow the terminal's theme for the page's scheme. */
  #applyTheme = (): void => {
    const theme = terminalTheme(this.#scheme?.matches ?? false);
    PALETTE_KEYS.forEach((key, index) => {
      this.style.setProperty(`--ansi-${index}`, theme[key] ?? "");
    });
    this.style.setProperty("--ov-fg", theme.foreground ?? "");
    this.style.setProperty("--ov-bg", theme.background ?? "");
  };

  /** A new order or card size, remembered in this browser. */
  #setView(change: Partial<OverviewLayout>): void {
    this.view = { ...this.view, ...change };
    try {
      localStorage.setItem(VIEW_KEY, JSON.stringify(this.view));
    } catch {
      // Storage unavailable: the choice lasts for this page.
    }
  }

  #setFilter(filter: OverviewFilter): void {
    this.filter = filter;
    try {
      sessionStorage.setItem(FILTER_KEY, JSON.stringify(filter));
    } catch {
      // Storage unavailable: the filter lasts while the view is open.
    }
  }

  override render(): TemplateResult {
    const groups = groupOptions(this.sessions);
    // A group that no longer exists filters nothing out rather than everything.
    const filter = this.filter.group === "" || groups.some((g) => g.value === this.filter.group)
      ? this.filter
      : { ...this.filter, group: "" };
    const shown = filterSessions(this.sessions, filter, this.view.order);
    const omitted = this.#connection?.omitted ?? 0;
    const hostOf = (id: string) => this.hosts.find((host) => host.id === id);
    const filtered = filter.group !== "" || filter.statuses.length > 0;
    return html`
      <section class="overview" aria-labelledby="overview-title">
        <header class="overview-head">
          <h2 id="overview-title" tabindex="-1">Overview</h2>
          <span class="meta" role="status">${filtered
            ? `${shown.length} of ${this.sessions.length} sessions`
            : `${this.sessions.length} session${
              this.sessions.length === 1 ? "" : "s"
            }`}${this.linkState === "reconnecting" ? " · reconnecting…" : ""}</span>
          <button
            class="btn ghost"
            type="button"
            aria-label="Close overview"
            @click=${() => this.emit("overview-close")}
          >${closeIcon}<span>Close</span></button>
        </header>
        <div class="overview-filters">
          <label class="overview-group">
            <span>Group</span>
            <select
              class="select"
              aria-label="Group"
              .value=${filter.group}
              @change=${(e: Event) =>
                this.#setFilter({ ...filter, group: (e.target as HTMLSelectElement).value })}
            >
              <option value="" ?selected=${filter.group === ""}>All groups</option>
              ${groups.map((g) =>
                html`<option value=${g.value} ?selected=${g.value === filter.group}>${
                  "\u00a0\u00a0".repeat(g.depth)
                }${g.label} (${g.count})</option>`
              )}
            </select>
          </label>
          <div class="overview-layout" role="group" aria-label="Layout">
            <button
              class="btn chip"
              type="button"
              aria-pressed=${this.view.order === "status" ? "true" : "false"}
              title="Sort the sessions that need you first, then done, working, idle"
              @click=${() =>
                this.#setView({ order: this.view.order === "status" ? "name" : "status" })}
            >Needs you first</button>
            <span class="overview-density" role="radiogroup" aria-label="Card size">
              ${(["s", "m", "l"] as const).map((density) =>
                html`
                  <button
                    class="btn chip"
                    type="button"
                    role="radio"
                    aria-checked=${this.view.density === density ? "true" : "false"}
                    aria-label=${DENSITY_NAMES[density]}
                    title=${DENSITY_NAMES[density]}
                    @click=${() => this.#setView({ density })}
                  >${density.toUpperCase()}</button>
                `
              )}
            </span>
          </div>
          <div class="overview-statuses" role="group" aria-label="Status">
            ${statusCounts(this.sessions).map(({ status, count }) =>
              html`
                <button
                  class="btn chip"
                  type="button"
                  data-status=${status}
                  aria-pressed=${filter.statuses.includes(status) ? "true" : "false"}
                  @click=${() => this.#setFilter(toggleStatus(filter, status))}
                ><span class="dot" data-status=${status} aria-hidden="true"></span>${STATUS_TEXT[
                  status as Session["status"]
                ] ?? status} <span class="count">${count}</span></button>
              `
            )}
            ${filtered
              ? html`
                <button
                  class="btn ghost"
                  type="button"
                  @click=${() => this.#setFilter(NO_FILTER)}
                >Show all</button>
              `
              : nothing}
          </div>
        </div>
        ${omitted > 0
          ? html`<p class="overview-note" role="note">Previews are limited: ${omitted} session${
            omitted === 1 ? " has" : "s have"
          } none.</p>`
          : nothing}
        <div class="overview-scroll">
          ${shown.length === 0
            ? html`
              <div class="empty">
                <h2>${this.sessions.length === 0 ? "No sessions yet" : "No session matches"}</h2>
                <p>${this.sessions.length === 0
                  ? "Start an agent or a shell with “New session”."
                  : "Choose another group or status."}</p>
              </div>
            `
            : html`
              <div
                class="overview-grid"
                data-density=${this.view.density}
                role="list"
                aria-label="Sessions"
              >
                            ${repeat(shown, (s) => sessionKey(s), (s) => {
                              const host = hostOf(s.host);
                              const thumbnail = this.#connection?.get(s);
                              return html`
                                <overview-thumb
                                  .api=${this.api}
                                  .session=${s}
                                  .thumbnail=${thumbnail}
                                  .hostName=${host?.name ?? s.host}
                                  .available=${hostAvailable(host)}
                                  .limited=${thumbnail === undefined && omitted > 0}
                                  .density=${this.view.density}
                                ></overview-thumb>
                              `;
                            })}
                          </div>
            `}
        </div>
      </section>
    `;
  }
}

customElements.define("overview-view", OverviewView);

declare global {
  interface HTMLElementTagNameMap {
    "overview-view": OverviewView;
  }
}
