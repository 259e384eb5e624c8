import assert from "node:assert/strict";
import type { Session, SessionStatus } from "../shared/types.ts";
import {
  badgedFavicon,
  badgeTitle,
  notificationText,
  sessionsToAlert,
  statusRuleOf,
  waitingCount,
  WaitingWatch,
} from "./waiting_watch.ts";
import { testSession } from "../shared/_test_session.ts";

let nextId = 1;

function session(
  name: string,
  status: SessionStatus,
  extra: Partial<Session> = {},
): Session {
  return testSession(name, { id: `$${nextId++}`, cwd: "/work", status, group: [name], ...extra });
}

const as = (s: Session, status: SessionStatus, extra: Partial<Session> = {}): Session => ({
  ...s,
  status,
  ...extra,
});

const names = (list: readonly Session[]) => list.map((s) => s.name);
const none = new Set<string>();

Deno.test("WaitingWatch takes the first list as the baseline: sessions already waiting do not fire", () => {
  const watch = new WaitingWatch();
  assert.equal(watch.started, false);
  const list = [session("a", "needs-you"), session("b", "needs-you"), session("c", "idle")];
  assert.deepEqual(watch.update(list), []);
  assert.equal(watch.started, true);
  assert.equal(watch.waiting.size, 2);
  // Still waiting in the next list: nothing new.
  assert.deepEqual(watch.update(list), []);
});

Deno.test("WaitingWatch reports each session once when it enters waiting, again after it left", () => {
  const watch = new WaitingWatch();
  const a = session("a", "working");
  const b = session("b", "idle");
  watch.update([a, b]);
  assert.deepEqual(names(watch.update([as(a, "needs-you"), b])), ["a"]);
  assert.deepEqual(names(watch.update([as(a, "needs-you"), as(b, "needs-you")])), ["b"]);
  assert.deepEqual(watch.update([as(a, "needs-you"), as(b, "needs-you")]), []);
  // a is answered and asks again later: a new question, a new alert.
  assert.deepEqual(watch.update([as(a, "working"), as(b, "needs-you")]), []);
  assert.deepEqual(names(watch.update([as(a, "needs-you"), as(b, "needs-you")])), ["a"]);
});

Deno.test("WaitingWatch does not fire again when a waiting session is renamed", () => {
  const watch = new WaitingWatch();
  const a = session("a", "needs-you");
  watch.update([a]);
  assert.deepEqual(watch.update([as(a, "needs-you", { name: "a-renamed" })]), []);
});

Deno.test("WaitingWatch tells hosts apart and fires for a new session that starts out waiting", () => {
  const watch = new WaitingWatch();
  const local = session("x", "needs-you", { id: "$1" });
  watch.update([local]);
  const remote = session("x", "needs-you", { id: "$1", host: "mini" });
  assert.deepEqual(watch.update([local, remote]).map((s) => s.host), ["mini"]);
  // A session that vanished and came back waiting fires again.
  watch.update([remote]);
  assert.deepEqual(watch.update([local, remote]).map((s) => s.host), ["local"]);
});

Deno.test("waitingCount counts waiting sessions that are not muted", () => {
  const list = [
    session("a", "needs-you"),
    session("b", "needs-you"),
    session("b", "needs-you", { host: "mini" }),
    session("c", "working"),
    session("d", "exited"),
  ];
  assert.equal(waitingCount(list, none), 3);
  assert.equal(waitingCount(list, new Set(["local/b"])), 2);
  assert.equal(waitingCount(list, new Set(["local/a", "local/b", "mini/b", "local/c"])), 0);
  assert.equal(waitingCount([], none), 0);
});

Deno.test("sessionsToAlert leaves out muted sessions and the one open in a visible page", () => {
  const entered = [
    session("a", "needs-you"),
    session("b", "needs-you"),
    session("a", "needs-you", {
      host: "mini",
    }),
  ];
  const alert = (context: Parameters<typeof sessionsToAlert>[1]) =>
    sessionsToAlert(entered, context).map((s) => `${s.host}/${s.name}`);
  assert.deepEqual(alert({ muted: none, selected: null, pageVisible: true }), [
    "local/a",
    "local/b",
    "mini/a",
  ]);
  assert.deepEqual(alert({ muted: new Set(["local/b"]), selected: null, pageVisible: false }), [
    "local/a",
    "mini/a",
  ]);
  // Looking at local/a: no alert for it, but one for mini/a of the same name.
  const selected = { host: "local", name: "a" };
  assert.deepEqual(alert({ muted: none, selected, pageVisible: true }), ["local/b", "mini/a"]);
  // The same session open in a hidden tab: the user is not looking at it.
  assert.deepEqual(alert({ muted: none, selected, pageVisible: false }), [
    "local/a",
    "local/b",
    "mini/a",
  ]);
});

Deno.test("badgeTitle puts the waiting count first and drops it at zero", () => {
  assert.equal(badgeTitle(0, null), "Maestro");
  assert.equal(badgeTitle(3, null), "(3) Maestro");
  assert.equal(badgeTitle(1, "acme-web"), "(1) acme-web — Maestro");
  assert.equal(badgeTitle(0, "acme-web"), "acme-web — Maestro");
});

Deno.test("badgedFavicon adds a dot to an inline SVG icon and leaves other icons alone", () => {
  const icon = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'" +
    "%3E%3Crect width='32' height='32'/%3E%3C/svg%3E";
  const badged = badgedFavicon(icon);
  assert.ok(badged.startsWith(icon.slice(0, -"%3C/svg%3E".length) + "%3Ccircle "));
  assert.ok(badged.endsWith("/%3E%3C/svg%3E"));
  // The result is still an SVG document.
  const svg = decodeURIComponent(badged.slice("data:image/svg+xml,".length));
  assert.match(svg, /^<svg [^>]*>.*<circle [^>]*\/><\/svg>$/);
  assert.equal(badgedFavicon("/favicon.png"), "/favicon.png");
  assert.equal(badgedFavicon("data:image/png;base64,AAAA"), "data:image/png;base64,AAAA");
});

Deno.test("notificationText names the session, the remote host and the rule", () => {
  const local = notificationText(session("acme-api", "needs-you", { cwd: "/src/acme" }), "laptop");
  assert.deepEqual(local, {
    title: "acme-api needs you",
    body: "In /src/acme",
    tag: "maestro-waiting:local/acme-api",
  });
  const remote = notificationText(
    session("build", "needs-you", { host: "h1", cwd: "", statusRule: "claude-permission" }),
    "mac-mini",
  );
  assert.deepEqual(remote, {
    title: "build needs you",
    body: "On mac-mini\nRule: claude-permission",
    tag: "maestro-waiting:h1/build",
  });
  // A host the page does not know by name is shown by its id.
  assert.equal(
    notificationText(session("b", "needs-you", { host: "h2" }), null).body,
    "On h2\nIn /work",
  );
});

Deno.test("statusRuleOf reads the server's rule when it sends one", () => {
  assert.equal(statusRuleOf(session("a", "needs-you", { statusRule: "prompt-yn" })), "prompt-yn");
  assert.equal(statusRuleOf(session("a", "needs-you")), null);
  assert.equal(statusRuleOf(session("a", "needs-you", { statusRule: "" })), null);
});
