/**
 * Owns the end-to-end setups: a real Maestro server process (port 0, its own home and private
 * tmux socket) and, for a dashboard, a headless Chromium page on it. `await using` stops and
 * removes all of it. A second `MaestroServer` makes a worker for a dashboard's manager.
 */
/// <reference lib="dom" />

import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

const ROOT = new URL("../../", import.meta.url);
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

let counter = 0;

export interface DashboardOptions {
  viewport?: { width: number; height: number };
  /** Sign in by opening `/?token=…` (default) or leave the page signed out. */
  signIn?: boolean;
  /** Extra Chromium flags. */
  args?: string[];
  colorScheme?: "dark" | "light";
  /**
   * "dom" turns the WebGL renderer off: under Chromium's device-scale emulation it sizes its
   * canvas in CSS pixels and draws in device pixels, so 2× screenshots come out cropped.
   */
  renderer?: "webgl" | "dom";
  deviceScaleFactor?: number;
}

/** Build ui/dist unless it is there (`deno task test` builds it before the tests). */
async function ensureBundle(): Promise<void> {
  try {
    await Deno.stat(new URL("ui/dist/app.js", ROOT));
    await Deno.stat(new URL("ui/dist/index.html", ROOT));
    return;
  } catch {
    // Not built yet.
  }
  const built = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", new URL("ui/build.ts", ROOT).pathname],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!built.success) throw new Error("Cannot build the page: ui/build.ts failed");
}

/** Drains a child's output into memory (a full pipe would stall the server). */
export class OutputLog {
  text = "";
  readonly done: Promise<void>;
  #waiters: (() => void)[] = [];

  constructor(stream: ReadableStream<Uint8Array>) {
    this.done = (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of stream) {
        this.text += decoder.decode(chunk, { stream: true });
        for (const wake of this.#waiters.splice(0)) wake();
      }
      for (const wake of this.#waiters.splice(0)) wake();
    })();
  }

  async waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    while (true) {
      const match = pattern.exec(this.text);
      if (match) return match;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${pattern}`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.#waiters.push(resolve)),
        this.done,
        new Promise<void>((resolve) => (timer = setTimeout(resolve, 100))),
      ]);
      clearTimeout(timer);
    }
  }
}

const TMUX_ENV = { SHELL: "/bin/sh", ENV: "", PS1: "$ " };

export interface ServerOptions {
  /** Restart a stopped server in place: same port, home, tmux socket and token. */
  restartOf?: MaestroServer;
}

/** A real `maestro serve` process with its own home, private tmux server and token. */
export class MaestroServer implements AsyncDisposable {
  readonly token: string;
  readonly socket: string;
  home = "";
  origin = "";
  process: Deno.ChildProcess | null = null;
  stdout: OutputLog | null = null;
  stderr: OutputLog | null = null;
  /** False once handed to a restarted server, which then cleans up tmux and the home. */
  #ownsState = true;

  private constructor(token: string, socket: string) {
    this.token = token;
    this.socket = socket;
  }

  static async start(options: ServerOptions = {}): Promise<MaestroServer> {
    const previous = options.restartOf;
    const server = new MaestroServer(
      previous?.token ?? `test-token-${crypto.randomUUID()}`,
      previous?.socket ?? `maestro-e2e-${Deno.pid}-${Date.now().toString(36)}-${counter++}`,
    );
    if (previous) previous.#ownsState = false;
    try {
      await server.#start(previous);
    } catch (error) {
      await server[Symbol.asyncDispose]();
      throw error;
    }
    return server;
  }

  async #start(previous: MaestroServer | undefined): Promise<void> {
    await ensureBundle();
    this.home = previous?.home ?? await Deno.makeTempDir({ prefix: "maestro-e2e-" });
    const port = previous ? new URL(previous.origin).port : "0";
    this.process = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-all",
        new URL("main.ts", ROOT).pathname,
        "serve",
        "--port",
        port,
        "--home",
        this.home,
        "--tmux-socket",
        this.socket,
        "--tmux-config",
        "/dev/null",
        "--token",
        this.token,
      ],
      env: TMUX_ENV,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.stdout = new OutputLog(this.process.stdout);
    this.stderr = new OutputLog(this.process.stderr);
    const match = await this.stdout.waitFor(/http:\/\/127\.0\.0\.1:(\d+)\/\?token=\S+/, 20_000)
      .catch((error) => {
        throw new Error(`${error.message}; server stderr:\n${this.stderr?.text}`);
      });
    this.origin = `http://127.0.0.1:${match[1]}`;
  }

  /** Run a tmux command against this server's private tmux server. */
  async tmux(...args: string[]): Promise<string> {
    const output = await new Deno.Command("tmux", {
      args: ["-L", this.socket, "-f", "/dev/null", ...args],
      env: TMUX_ENV,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decoder = new TextDecoder();
    if (!output.success) {
      throw new Error(`tmux ${args.join(" ")} failed: ${decoder.decode(output.stderr)}`);
    }
    return decoder.decode(output.stdout);
  }

  /** Call the API with the token (for setting up state faster than through the page). */
  async api(method: string, path: string, body?: unknown): Promise<Response> {
    const init: RequestInit = {
      method,
      headers: { authorization: `Bearer ${this.token}`, "content-type": "application/json" },
    };
    if (body !== undefined) init.body = JSON.stringify(body);
    return await fetch(`${this.origin}${path}`, init);
  }

  /** Create a session through the API (it runs sh). */
  async createSession(name: string): Promise<void> {
    const response = await this.api("POST", "/api/sessions", { name });
    const text = await response.text();
    if (response.status !== 201) {
      throw new Error(`Cannot create ${name}: ${response.status} ${text}`);
    }
    // Keys typed before the shell has drawn its prompt can be lost: wait for the prompt.
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      const screen = await this.tmux("capture-pane", "-p", "-t", `=${name}:`);
      if (screen.trim() !== "") return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`${name}'s shell never drew its prompt`);
  }

  /** Stop the process only (tmux and the home stay, e.g. to restart it). */
  async stop(signal: Deno.Signal = "SIGTERM"): Promise<void> {
    if (this.process === null) return;
    try {
      this.process.kill(signal);
    } catch {
      // Already gone.
    }
    await this.process.status;
    await this.stdout?.done;
    await this.stderr?.done;
    this.process = null;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
    if (!this.#ownsState) return;
    await new Deno.Command("tmux", {
      args: ["-L", this.socket, "kill-server"],
      stdout: "null",
      stderr: "null",
    }).output().catch(() => {});
    if (this.home !== "") await Deno.remove(this.home, { recursive: true }).catch(() => {});
  }
}

export class Dashboard implements AsyncDisposable {
  /** The server the page is on (a manager, in the remote-hosts tests). */
  server: MaestroServer | null = null;
  browser: Browser | null = null;
  #context: BrowserContext | null = null;
  #page: Page | null = null;

  get #server(): MaestroServer {
    if (this.server === null) throw new Error("The dashboard has no server");
    return this.server;
  }

  get token(): string {
    return this.#server.token;
  }

  get socket(): string {
    return this.#server.socket;
  }

  get home(): string {
    return this.#server.home;
  }

  get origin(): string {
    return this.#server.origin;
  }

  get stderr(): OutputLog | null {
    return this.#server.stderr;
  }

  get context(): BrowserContext {
    if (this.#context === null) throw new Error("The dashboard has no browser context");
    return this.#context;
  }

  get page(): Page {
    if (this.#page === null) throw new Error("The dashboard has no page");
    return this.#page;
  }

  /** Start a server and a browser; the page is signed in and shows the dashboard. */
  static async start(options: DashboardOptions = {}): Promise<Dashboard> {
    const dashboard = new Dashboard();
    try {
      await dashboard.#start(options);
    } catch (error) {
      await dashboard[Symbol.asyncDispose]();
      throw error;
    }
    return dashboard;
  }

  async #start(options: DashboardOptions): Promise<void> {
    this.server = await MaestroServer.start();
    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
    });
    this.#context = await this.browser.newContext({
      viewport: options.viewport ?? { width: 1280, height: 800 },
      deviceScaleFactor: options.deviceScaleFactor ?? 1,
      colorScheme: options.colorScheme ?? "light",
    });
    if (options.renderer === "dom") {
      await this.#context.addInitScript(() => localStorage.setItem("maestro.renderer", "dom"));
    }
    this.#page = await this.#context.newPage();
    this.page.setDefaultTimeout(10_000);
    if (options.signIn ?? true) {
      await this.page.goto(`${this.origin}/?token=${this.token}`);
      await this.page.getByRole("button", { name: "New session" }).first().waitFor();
    }
  }

  /** Run a tmux command against this dashboard's private tmux server. */
  tmux(...args: string[]): Promise<string> {
    return this.#server.tmux(...args);
  }

  /** Call the API with the token (for setting up state faster than through the page). */
  api(method: string, path: string, body?: unknown): Promise<Response> {
    return this.#server.api(method, path, body);
  }

  /** Create a session through the API (it runs sh). */
  createSession(name: string): Promise<void> {
    return this.#server.createSession(name);
  }

  /** The active terminal's text (scrollback and screen), read from xterm.js's buffer. */
  terminalText(): Promise<string> {
    return this.page.evaluate(() => {
      const view = document.querySelector("terminal-view[active]") as
        | (HTMLElement & { bufferText(): string })
        | null;
      return view?.bufferText() ?? "";
    });
  }

  /** Wait until the active terminal's text satisfies `predicate`. */
  async waitForTerminal(
    predicate: (text: string) => boolean,
    description: string,
    timeoutMs = 10_000,
  ): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let text = "";
    while (Date.now() < deadline) {
      text = await this.terminalText();
      if (predicate(text)) return text;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(
      `Timed out waiting for the terminal to show ${description}; it shows:\n${text}`,
    );
  }

  /**
   * What the page and the server list, in words, for a failed wait's message: the tree's rows,
   * the address, the live list's state and what `GET /api/sessions` and tmux hold.
   */
  async describe(): Promise<string> {
    const rows = await this.page.locator('[role="treeitem"]').evaluateAll((items) =>
      items.map((item) => `${item.getAttribute("data-name") ?? item.getAttribute("data-key")}`)
    ).catch((error) => [`(unreadable: ${error})`]);
    const listed = await this.api("GET", "/api/sessions")
      .then(async (response) => {
        const body = await response.json() as { sessions?: { name: string; status: string }[] };
        return (body.sessions ?? []).map((s) => `${s.name} (${s.status})`).join(", ");
      })
      .catch((error) => `(no answer: ${error})`);
    const tmux = await this.tmux("list-sessions", "-F", "#{session_id} #{session_name}")
      .catch((error) => `(${error})`);
    const banner = await this.page.locator("offline-banner").innerText({ timeout: 500 })
      .catch(() => "");
    return [
      `address: ${this.page.url()}`,
      `tree rows: ${rows.join(" | ") || "(none)"}`,
      `offline banner: ${banner.trim() || "(none)"}`,
      `GET /api/sessions: ${listed || "(none)"}`,
      `tmux: ${tmux.trim().replaceAll("\n", " | ") || "(none)"}`,
    ].join("\n");
  }

  /** Click `locator`; if it never shows, fail with what the page and the server hold. */
  async clickOrDescribe(locator: ReturnType<Page["locator"]>): Promise<void> {
    try {
      await locator.click();
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${await this.describe()}`);
    }
  }

  /** Wait until the active terminal is attached. */
  async waitForLive(): Promise<void> {
    await this.page.locator('terminal-view[active][data-state="live"]').waitFor();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.#context?.close().catch(() => {});
    await this.browser?.close().catch(() => {});
    await this.server?.[Symbol.asyncDispose]();
  }
}
