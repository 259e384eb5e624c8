/**
 * Owns what differs between the real agents in the lab: which fake API each talks to, its clean
 * environment, the config files that skip its first-run screens, and the screen text and keys of
 * its states (facts read from the real screens; see tests/agents/README.md).
 */

import { join } from "node:path";
import type { AgentId } from "./install.ts";
import type { ModelApi } from "./fake/requests.ts";

/** Where one run of an agent lives. */
export interface RunContext {
  home: string;
  cwd: string;
  /** The fake model server, `http://127.0.0.1:<port>`. */
  serverUrl: string;
  /**
   * Turn on the agent's own terminal notifications as a bell (all three have an opt-in setting;
   * none rings by default).
   */
  notify: boolean;
}

/** How to tell and reach an agent's states on its real screen. */
export interface AgentSpec {
  id: AgentId;
  /** The name people know it by (test names start with it). */
  label: string;
  api: ModelApi;
  /** Extra arguments every run passes (e.g. Codex's `--no-daemon`). */
  args: readonly string[];
  env(context: RunContext): Record<string, string>;
  writeConfig(context: RunContext): Promise<void>;
  /** The composer is ready for input and nothing runs (read from the screen and the title). */
  ready(screen: string, title: string): boolean;
  /** A turn is running (read from the screen and the title). */
  working(screen: string, title: string): boolean;
  /** The approval prompt for the scripted shell command is on screen. */
  approval: RegExp;
  /** What the screen says after an interrupted turn. */
  interrupted: RegExp;
  /** Keys (tmux key names) that approve it once. */
  approveKeys: readonly string[];
  /** Keys that interrupt a turn. */
  interruptKeys: readonly string[];
  /** Keys that leave the agent from its composer (with pauses between them). */
  exitKeys: readonly string[];
}

/** Any key the fakes accept; Claude Code checks only its last 20 characters against the config. */
export const LAB_API_KEY = "sk-ant-lab-0000000000000000000000000000";

/** The system PATH: node (the Codex and Gemini launchers run `#!/usr/bin/env node`), coreutils. */
const LAB_PATH = "/usr/local/bin:/usr/bin:/bin";

function baseEnv(context: RunContext): Record<string, string> {
  return {
    HOME: context.home,
    PATH: LAB_PATH,
    LANG: "C.UTF-8",
    SHELL: "/bin/bash",
    USER: "lab",
  };
}

/** A braille spinner frame starting the title (Codex at work). */
const BRAILLE = /^\s*[\u2801-\u28ff]/;

/** The last `count` non-empty rows of a screen. */
export function bottomRows(screen: string, count: number): string[] {
  return screen.split("\n").filter((row) => row.trim() !== "").slice(-count);
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await Deno.mkdir(join(path, ".."), { recursive: true });
  await Deno.writeTextFile(path, JSON.stringify(value, null, 2) + "\n");
}

const claude: AgentSpec = {
  id: "claude",
  label: "Claude Code",
  api: "anthropic",
  args: [],
  env: (context) => ({
    ...baseEnv(context),
    ANTHROPIC_BASE_URL: context.serverUrl,
    ANTHROPIC_API_KEY: LAB_API_KEY,
    DISABLE_AUTOUPDATER: "1",
  }),
  async writeConfig(context) {
    await writeJson(join(context.home, ".claude.json"), {
      hasCompletedOnboarding: true,
      theme: "dark",
      customApiKeyResponses: { approved: [LAB_API_KEY.slice(-20)], rejected: [] },
      projects: { [context.cwd]: { hasTrustDialogAccepted: true } },
      ...(context.notify ? { preferredNotifChannel: "terminal_bell" } : {}),
    });
  },
  // The composer: a `❯` row between two rules, with no "esc to interrupt" in the footer.
  ready: (screen) =>
    /^─{20,}\n❯.*\n─{20,}/m.test(screen) && !/esc to interrupt/.test(screen) &&
    !/Do you want to proceed\?/.test(screen),
  working: (screen) => /esc to interrupt/.test(screen),
  approval: /Do you want to proceed\?/,
  interrupted: /Interrupted · What should Claude do instead\?/,
  approveKeys: ["Enter"],
  interruptKeys: ["Escape"],
  exitKeys: ["C-c", "C-c"],
};

const codex: AgentSpec = {
  id: "codex",
  label: "Codex",
  api: "openai",
  args: ["--no-daemon"],
  env: (context) => ({ ...baseEnv(context), LAB_CODEX_KEY: LAB_API_KEY }),
  async writeConfig(context) {
    const toml = [
      'model_provider = "fake"',
      'model = "gpt-lab"',
      'approval_policy = "on-request"',
      'sandbox_mode = "workspace-write"',
      "check_for_update_on_startup = false",
      "",
      "[model_providers.fake]",
      'name = "Fake"',
      `base_url = "${context.serverUrl}/v1"`,
      'env_key = "LAB_CODEX_KEY"',
      'wire_api = "responses"',
      "requires_openai_auth = false",
      "",
      `[projects."${context.cwd}"]`,
      'trust_level = "trusted"',
      "",
      ...(context.notify
        ? [
          "[tui]",
          "notifications = true",
          'notification_method = "bel"',
          'notification_condition = "always"',
          "",
        ]
        : []),
    ].join("\n");
    await Deno.mkdir(join(context.home, ".codex"), { recursive: true });
    await Deno.writeTextFile(join(context.home, ".codex", "config.toml"), toml);
  },
  // The composer `›` row near the bottom (earlier prompts also start with `›`), no spinner or
  // "Action Required" in the title.
  ready: (screen, title) =>
    bottomRows(screen, 5).some((row) => /^› /.test(row)) && !BRAILLE.test(title) &&
    !/Action Required/.test(title),
  working: (_screen, title) => BRAILLE.test(title),
  approval: /Would you like to run the following command\?/,
  interrupted: /Conversation interrupted/,
  approveKeys: ["Enter"],
  interruptKeys: ["Escape"],
  exitKeys: ["C-c", "C-c"],
};

const gemini: AgentSpec = {
  id: "gemini",
  label: "Gemini CLI",
  api: "gemini",
  args: [],
  env: (context) => ({
    ...baseEnv(context),
    GEMINI_API_KEY: LAB_API_KEY,
    GOOGLE_GEMINI_BASE_URL: context.serverUrl,
  }),
  async writeConfig(context) {
    await writeJson(join(context.home, ".gemini", "settings.json"), {
      security: { auth: { selectedType: "gemini-api-key" } },
      general: {
        enableAutoUpdate: false,
        enableAutoUpdateNotification: false,
        ...(context.notify ? { enableNotifications: true, notificationMethod: "bell" } : {}),
      },
      privacy: { usageStatisticsEnabled: false },
      telemetry: { enabled: false },
      ui: { theme: "Default" },
    });
    await writeJson(join(context.home, ".gemini", "trustedFolders.json"), {
      [context.cwd]: "TRUST_FOLDER",
    });
  },
  ready: (screen, title) =>
    /Type your message or @path\/to\/file/.test(screen) && /Ready/.test(title),
  working: (screen, title) => /Working/.test(title) || /esc to cancel/.test(screen),
  approval: /Allow execution of/,
  interrupted: /Request cancelled\./,
  approveKeys: ["Enter"],
  interruptKeys: ["Escape"],
  exitKeys: ["C-c", "C-c"],
};

export const AGENTS: Readonly<Record<AgentId, AgentSpec>> = { claude, codex, gemini };
