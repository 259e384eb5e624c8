import assert from "node:assert/strict";
import { answerOf, answerPath, notificationActions, sessionUrl } from "./notification_actions.ts";
import type { SessionPrompt } from "../../protocol/session.ts";

const prompt = (kind: SessionPrompt["kind"], labels: string[]): SessionPrompt => ({
  id: "p1",
  kind,
  text: "Proceed?",
  detail: "",
  options: labels.map((label, i) => ({ key: String(i + 1), label })),
  since: 0,
});

Deno.test("notificationActions offers the answers the browser can show, never for a password", () => {
  const three = prompt("permission", ["Yes", "Yes, and don't ask again for this command", "No"]);
  assert.deepEqual(notificationActions(three, 2), [
    { action: "answer:1", title: "Yes" },
    { action: "answer:2", title: "Yes, and don't ask again for this comma…" },
  ]);
  assert.deepEqual(notificationActions(three, 0), []);
  assert.deepEqual(notificationActions(prompt("password", []), 2), []);
  assert.deepEqual(notificationActions(null, 2), []);
});

Deno.test("answerOf reads an action; the URLs name the session", () => {
  assert.equal(answerOf("answer:y"), "y");
  assert.equal(answerOf("answer:"), null);
  assert.equal(answerOf(""), null);
  assert.equal(sessionUrl({ host: "local", name: "my agent" }), "/#/local/my%20agent");
  assert.equal(
    answerPath({ host: "w 1", name: "a/b" }),
    "/api/hosts/w%201/sessions/a%2Fb/answer",
  );
});
