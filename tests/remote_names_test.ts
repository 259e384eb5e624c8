import assert from "node:assert/strict";
import { readUntil } from "./helpers/polling.ts";
import { type RawAnswer, rawRequest } from "./helpers/raw_http.ts";
import { TestServer } from "./helpers/test_server.ts";

/**
 * Sessions made outside Maestro, on the manager and on the worker alike: tmux allows these names.
 * Some are named like route segments, so a name resolved as "." or ".." would land on them.
 */
const SESSIONS = [
  "screen",
  "input",
  "notes",
  "mute",
  "terminal",
  "wk-plain",
  "a b",
  "q?x",
  "h#x",
  "ünï",
  "s/l",
  "%2F",
  "50%",
];

/** Path segments exactly as sent on the wire, and the session name each stands for. */
const SEGMENTS = [
  ".",
  "..",
  "%2E",
  "%2e%2E",
  ".%2E",
  "%2F",
  "..%2Fscreen",
  "s%2Fl",
  "a%20b",
  "q%3Fx",
  "h%23x",
  "%C3%BCn%C3%AF",
  "%252F",
  "50%25",
  "screen",
  "wk-plain",
  "ghost",
];

interface ApiError {
  code: string;
  message: string;
}

/** One request to a session route; `{}` in the path is the session's segment. */
interface RouteCase {
  route: string;
  method: string;
  path: string;
  body?: unknown;
  upgrade?: boolean;
  /** What of a successful answer must be equal (answers also carry times and host ids). */
  same?: (body: Record<string, unknown>) => unknown;
}

const READS: RouteCase[] = [
  { route: "get", method: "GET", path: "", same: (b) => b.name },
  { route: "screen", method: "GET", path: "/screen", same: (b) => b.text },
  { route: "screen ansi", method: "GET", path: "/screen?ansi=1", same: (b) => b.text },
  { route: "notes", method: "GET", path: "/notes", same: (b) => b.text },
  { route: "mute", method: "GET", path: "/mute", same: (b) => [b.name, b.muted] },
  { route: "terminal", method: "GET", path: "/terminal", upgrade: true },
];

const WRITES: RouteCase[] = [
  {
    route: "notes put",
    method: "PUT",
    path: "/notes",
    body: { text: "a note" },
    same: (b) => b.text,
  },
  {
    route: "mute put",
    method: "PUT",
    path: "/mute",
    body: { muted: true },
    same: (b) => [b.name, b.muted],
  },
  { route: "input", method: "POST", path: "/input", body: { keys: ["Enter"] } },
  { route: "rename", method: "PATCH", path: "", body: { name: "moved" }, same: (b) => b.name },
  { route: "kill", method: "DELETE", path: "" },
];

function send(server: TestServer, host: string, segment: string, route: RouteCase) {
  return rawRequest(server.server.url, `/api/hosts/${host}/sessions/${segment}${route.path}`, {
    method: route.method,
    headers: server.headers,
    ...(route.body !== undefined ? { body: JSON.stringify(route.body) } : {}),
    ...(route.upgrade ? { upgrade: true } : {}),
  });
}

function parsed(answer: RawAnswer): Record<string, unknown> {
  return answer.body === "" ? {} : JSON.parse(answer.body);
}

/** The remote answer is the local one: same status and code, same message but for "On host". */
function assertSameAnswer(
  local: RawAnswer,
  remote: RawAnswer,
  route: RouteCase,
  what: string,
): void {
  assert.equal(remote.status, local.status, `${what}: ${remote.body} vs ${local.body}`);
  if (route.upgrade && local.status === 101) return;
  const [l, r] = [parsed(local), parsed(remote)];
  if (local.status >= 400) {
    const [le, re] = [l.error as ApiError, r.error as ApiError];
    assert.equal(re.code, le.code, what);
    // Same words, but for the host they name.
    const asLocal = (message: string) =>
      message.replace(/^On host "w1": /, "").replace("/api/hosts/w1/", "/api/hosts/local/");
    assert.equal(asLocal(re.message), le.message, what);
    return;
  }
  if (route.same) assert.deepEqual(route.same(r), route.same(l), what);
}

/** The session each one prints, so an answer with another session's screen shows at once. */
async function makeSessions(server: TestServer): Promise<void> {
  for (const [index, name] of SESSIONS.entries()) {
    await server.tmux.newSession(name, "sh", "-c", `echo who-${index}; exec sh`);
  }
}

const marker = (name: string) => `who-${SESSIONS.indexOf(name)}`;

Deno.test("Remote session routes answer every name exactly as the local routes do", async () => {
  await using manager = await TestServer.start();
  await using worker = await TestServer.start();
  await makeSessions(manager);
  await makeSessions(worker);
  const added = await manager.fetch("/api/hosts", {
    method: "POST",
    body: JSON.stringify({ name: "w1", url: worker.server.url, token: worker.token }),
  });
  assert.equal(added.status, 201);
  await added.body?.cancel();
  // Every screen drawn (its marker and a prompt) before screens are compared.
  for (const server of [manager, worker]) {
    for (const name of SESSIONS) {
      await readUntil(
        () => server.tmux.tmux("capture-pane", "-p", "-t", `=${name}:`),
        (screen) => screen.includes(marker(name)) && /^[#$] ?$/m.test(screen),
        `${name} to draw its prompt`,
      );
    }
  }

  // Every route and name is tried, and every difference reported.
  const differences: string[] = [];
  for (const route of [...READS, ...WRITES]) {
    for (const segment of SEGMENTS) {
      const what = `${route.method} ${route.route} of ${JSON.stringify(segment)}`;
      const local = await send(manager, "local", segment, route);
      const remote = await send(manager, "w1", segment, route);
      try {
        assertSameAnswer(local, remote, route, what);
        // A screen answered is the screen of the session named, never of another.
        const text = parsed(remote).text;
        if (route.route.startsWith("screen") && remote.status === 200) {
          const name = decodeURIComponent(segment);
          assert.ok(SESSIONS.includes(name), `${what} answered for a session that is not there`);
          assert.match(String(text), new RegExp(`${marker(name)}\\b`), what);
        }
      } catch (error) {
        differences.push(error instanceof Error ? error.message.split("\n")[0] ?? "" : "");
      }
    }
  }
  assert.deepEqual(differences, []);

  // What the routes did (typed, renamed, killed) they did to the same sessions on both.
  const names = async (server: TestServer) =>
    (await server.tmux.tmux("list-sessions", "-F", "#{session_name}")).split("\n").sort();
  assert.deepEqual(await names(worker), await names(manager));
});
