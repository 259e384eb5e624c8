/**
 * Owns the page's list of restorable sessions: fetched from this server and every online worker
 * when the live list's sessions or hosts change and after each action, restoring and forgetting
 * through the API, and the errors the page shows for them until dismissed.
 */

import type { RestorableSession, RestoreResult } from "../../protocol/restorable.ts";
import type { ApiClient } from "../shared/api_client.ts";
import type { Host, SessionList, SessionRef } from "../shared/types.ts";
import { sessionKey } from "../shared/types.ts";

/** What the Restorable part shows; a new object on every change. */
export interface RestorableState {
  sessions: readonly RestorableSession[];
  /** Keys (`host/name`) being restored or forgotten just now. */
  busy: ReadonlySet<string>;
  /** A Restore all is under way. */
  restoringAll: boolean;
  /** What went wrong, oldest first, until dismissed. */
  errors: readonly string[];
}

/** Nothing restorable, nothing wrong. */
export const NO_RESTORABLE: RestorableState = {
  sessions: [],
  busy: new Set(),
  restoringAll: false,
  errors: [],
};

/**
 * What of a live list can change what is restorable: which sessions exist (a vanished one, a
 * restored one) and which hosts are online. Statuses and titles, which change all the time, are
 * left out so they do not refetch.
 */
export function listSignature(list: SessionList): string {
  const hosts = list.hosts.map((h) => `${h.id}:${h.status}`).sort();
  const sessions = list.sessions.map((s) => `${s.host}/${s.id}/${s.name}`).sort();
  return JSON.stringify([hosts, sessions]);
}

/** The hosts to ask: this server, and each worker that is online. */
export function hostsToAsk(hosts: readonly Pick<Host, "id" | "status">[]): string[] {
  return [
    "local",
    ...hosts.filter((h) => h.id !== "local" && h.status === "online").map((h) => h.id),
  ];
}

/** One sentence per failed result, naming the host when it is a worker. */
export function restoreFailures(
  results: readonly RestoreResult[],
  hostName: (id: string) => string,
): string[] {
  return results.filter((r) => !r.ok).map((r) => {
    const message = r.error?.message ?? `Cannot restore session "${r.name}"`;
    const code = r.error?.code === undefined ? "" : ` (${r.error.code})`;
    return `${r.host === "local" ? "" : `${hostName(r.host)}: `}${message}${code}`;
  });
}

export class RestorableStore {
  state: RestorableState = NO_RESTORABLE;

  readonly #api: ApiClient;
  readonly #onChange: () => void;
  #hosts: Host[] = [];
  #signature = "";
  #listErrors: string[] = [];
  #actionErrors: string[] = [];
  #running: Promise<void> | null = null;
  #again = false;

  constructor(api: ApiClient, onChange: () => void) {
    this.#api = api;
    this.#onChange = onChange;
  }

  /** A live list arrived: refetch when its sessions or hosts are not the last list's. */
  listChanged(list: SessionList): void {
    this.#hosts = list.hosts;
    const signature = listSignature(list);
    if (signature === this.#signature) return;
    this.#signature = signature;
    this.refresh();
  }

  /** Resolves once no fetch is under way (at once when none is). */
  get settled(): Promise<void> {
    return this.#running ?? Promise.resolve();
  }

  /**
   * Fetch every host's restorable sessions. One fetch at a time: asked again meanwhile, it runs
   * once more when this one ends, so the last answer shown is never older than the last ask.
   */
  refresh(): Promise<void> {
    if (this.#running !== null) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        await this.#fetchAll();
      } while (this.#again);
    })().finally(() => (this.#running = null));
    return this.#running;
  }

  /** Restore these sessions (one request per host); failures are kept to show. */
  async restore(refs: readonly SessionRef[]): Promise<void> {
    const byHost = new Map<string, string[]>();
    for (const ref of refs) byHost.set(ref.host, [...(byHost.get(ref.host) ?? []), ref.name]);
    const keys = refs.map(sessionKey);
    this.#set({ busy: new Set([...this.state.busy, ...keys]) });
    await Promise.all([...byHost].map(([host, names]) => this.#restoreOn(host, names)));
    const busy = new Set(this.state.busy);
    for (const key of keys) busy.delete(key);
    this.#set({ busy });
    await this.refresh();
  }

  /** Restore everything restorable, on every host that has some. */
  async restoreAll(): Promise<void> {
    const hosts = [...new Set(this.state.sessions.map((s) => s.host))];
    this.#set({ restoringAll: true });
    await Promise.all(hosts.map((host) => this.#restoreOn(host, "all")));
    this.#set({ restoringAll: false });
    await this.refresh();
  }

  /** A session was forgotten (the dialog did it): gone from the list now, then refetched. */
  forgotten(ref: SessionRef): Promise<void> {
    const key = sessionKey(ref);
    this.#set({ sessions: this.state.sessions.filter((s) => sessionKey(s) !== key) });
    return this.refresh();
  }

  /** The errors were read. */
  dismiss(): void {
    this.#listErrors = [];
    this.#actionErrors = [];
    this.#set({});
  }

  /** Signed out: nothing to show. */
  clear(): void {
    this.#signature = "";
    this.#listErrors = [];
    this.#actionErrors = [];
    this.state = NO_RESTORABLE;
    this.#onChange();
  }

  async #restoreOn(host: string, names: string[] | "all"): Promise<void> {
    try {
      const results = await this.#api.restore(host, names);
      const restored = new Set(results.filter((r) => r.ok).map(sessionKey));
      this.#actionErrors.push(...restoreFailures(results, (id) => this.#hostName(id)));
      this.#set({ sessions: this.state.sessions.filter((s) => !restored.has(sessionKey(s))) });
    } catch (error) {
      const what = names === "all" ? "every session" : names.map((n) => `"${n}"`).join(", ");
      this.#actionErrors.push(
        `Cannot restore ${what}${this.#onHost(host)}: ${(error as Error).message}`,
      );
      this.#set({});
    }
  }

  async #fetchAll(): Promise<void> {
    const hosts = hostsToAsk(this.#hosts);
    const answers = await Promise.all(hosts.map(async (host) => {
      try {
        return { host, sessions: await this.#api.restorable(host), error: null };
      } catch (error) {
        return { host, sessions: null, error: error as Error };
      }
    }));
    const sessions: RestorableSession[] = [];
    this.#listErrors = [];
    for (const answer of answers) {
      if (answer.sessions !== null) {
        sessions.push(...answer.sessions.map((s) => ({ ...s, host: answer.host })));
      } else {
        // Keep what this host last listed rather than hide it for a failed look.
        sessions.push(...this.state.sessions.filter((s) => s.host === answer.host));
        this.#listErrors.push(
          `Cannot list the restorable sessions${
            this.#onHost(answer.host)
          }: ${answer.error?.message}`,
        );
      }
    }
    this.#set({ sessions });
  }

  #hostName(id: string): string {
    return this.#hosts.find((h) => h.id === id)?.name ?? id;
  }

  #onHost(host: string): string {
    return host === "local" ? "" : ` on ${this.#hostName(host)}`;
  }

  #set(change: Partial<RestorableState>): void {
    this.state = {
      ...this.state,
      ...change,
      errors: [...this.#listErrors, ...this.#actionErrors],
    };
    this.#onChange();
  }
}
