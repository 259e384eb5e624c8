/**
 * `POST …/answer` over a real server and tmux: a session's prompt arrives as data, an answer to it
 * is typed, a stale or unknown one is refused with nothing typed.
 */

import assert from "node:assert/strict";
import type { SessionView } from "../protocol/session.ts";
import { runMaestro } from "./helpers/maestro_process.ts";
import { TestServer } from "./helpers/test_server.ts";
import { until } from "./helpers/polling.ts";

async function post(server: TestServer, path: string, body: unknown): Promise<Response> {
  return await server.fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function view(server: TestServer, name: string): Promise<SessionView> {
  return await (await server.fetch(`/api/hosts/local/sessions/${name}`)).json();
}

/** Asks twice, then says what it got; each answer shows on screen. */
const TWO_QUESTIONS = "printf 'Deploy? [y/N] '; read a; echo \"deploy=$a\"; " +
  "printf 'Restart? [y/N] '; read b; echo \"restart=$b\"; sleep 100";

Deno.test("Answer chooses an option of the prompt on screen, and refuses a stale prompt without typing", async (t) => {
  await using server = await TestServer.start();
  assert.equal(
    (await post(server, "/api/sessions", { name: "ans", command: TWO_QUESTIONS })).status,
    201,
  );
  const answer = (body: unknown) => post(server, "/api/hosts/local/sessions/ans/answer", body);
  const screen = async () =>
    (await (await server.fetch("/api/hosts/local/sessions/ans/screen")).json()).text as string;

  const first = await until(async () => {
    const v = await view(server, "ans");
    return v.prompt?.text === "Deploy? [y/N]" ? v.prompt : undefined;
  }, "the first prompt");
  assert.equal(first.kind, "yes-no");
  assert.deepEqual(first.options, [{ key: "y", label: "Yes" }, { key: "n", label: "No" }]);

  await t.step("bad input is a 400 and types nothing", async () => {
    for (
      const body of [{}, { promptId: first.id }, { promptId: "", option: "y" }, {
        promptId: first.id,
        option: "x".repeat(65),
      }]
    ) {
      const response = await answer(body);
      assert.equal(response.status, 400);
      assert.equal((await response.json()).error.code, "invalid_input");
    }
    const unknown = await answer({ promptId: first.id, option: "maybe" });
    assert.equal(unknown.status, 400);
    assert.match((await unknown.json()).error.message, /Option "maybe" is not one of "y", "n"/);
    const missing = await post(server, "/api/hosts/local/sessions/nope/answer", {
      promptId: first.id,
      option: "y",
    });
    assert.equal(missing.status, 404);
    assert.doesNotMatch(await screen(), /^deploy=/m);
  });

  await t.step("the right prompt id types the option", async () => {
    const response = await answer({ promptId: first.id, option: "y" });
    const body = await response.json();
    assert.equal(response.status, 200, JSON.stringify(body));
    assert.deepEqual(body.option, { key: "y", label: "Yes" });
    await until(async () => (/^deploy=y$/m.test(await screen()) ? true : undefined), "deploy=y");
  });

  const second = await until(async () => {
    const v = await view(server, "ans");
    return v.prompt?.text === "Restart? [y/N]" ? v.prompt : undefined;
  }, "the second prompt");
  assert.notEqual(second.id, first.id);

  await t.step("the first prompt's id is stale now: 409, nothing typed", async () => {
    const response = await answer({ promptId: first.id, option: "y" });
    assert.equal(response.status, 409);
    const { error } = await response.json();
    assert.equal(error.code, "prompt_changed");
    assert.match(error.message, /now asks something else: "Restart\? \[y\/N\]"/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.doesNotMatch(await screen(), /^restart=/m);
  });

  await t.step("answering twice types once", async () => {
    const [a, b] = await Promise.all([
      answer({ promptId: second.id, option: "n" }),
      answer({ promptId: second.id, option: "n" }),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409]);
    await a.body?.cancel();
    await b.body?.cancel();
    await until(async () => (/^restart=n$/m.test(await screen()) ? true : undefined), "restart=n");
    assert.doesNotMatch(await screen(), /^restart=nn/m);
    const v = await until(async () => {
      const current = await view(server, "ans");
      return current.status !== "needs-you" ? current : undefined;
    }, "it to stop needing you");
    assert.equal(v.prompt, undefined);
  });
});

Deno.test("Answer refuses a password prompt: it has no options", async () => {
  await using server = await TestServer.start();
  await post(server, "/api/sessions", {
    name: "pw",
    command: "printf 'Password: '; read -r secret; echo got",
  });
  const prompt = await until(async () => {
    const v = await view(server, "pw");
    return v.prompt?.kind === "password" ? v.prompt : undefined;
  }, "the password prompt");
  assert.deepEqual(prompt.options, []);
  const response = await post(server, "/api/hosts/local/sessions/pw/answer", {
    promptId: prompt.id,
    option: "y",
  });
  assert.equal(response.status, 400);
  assert.match((await response.json()).error.message, /type the password in the terminal/);
});

Deno.test("CLI answer prints what a session asks and chooses an option", async () => {
  await using server = await TestServer.start();
  await post(server, "/api/sessions", {
    name: "cli-ask",
    command: "printf 'Ship it? [y/N] '; read a; echo \"ship=$a\"; sleep 100",
  });
  await post(server, "/api/sessions", { name: "cli-quiet" });
  const maestro = (args: string[]) =>
    runMaestro([...args, "--url", server.server.url, "--token", server.token]);
  await until(async () => (await view(server, "cli-ask")).prompt ?? undefined, "the prompt");

  const shown = await maestro(["answer", "cli-ask"]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.equal(shown.stdout, "Ship it? [y/N]\n  [y] Yes\n  [n] No\n");

  const wrong = await maestro(["answer", "cli-ask", "maybe"]);
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /Option "maybe" is not one of "y", "n"; nothing was typed/);

  const answered = await maestro(["answer", "cli-ask", "y"]);
  assert.equal(answered.code, 0, answered.stderr);
  assert.equal(answered.stdout, "Answered cli-ask: Yes\n");
  const screen = async () =>
    (await (await server.fetch("/api/hosts/local/sessions/cli-ask/screen")).json()).text as string;
  await until(async () => (/^ship=y$/m.test(await screen()) ? true : undefined), "ship=y");

  const quiet = await maestro(["answer", "cli-quiet"]);
  assert.equal(quiet.code, 1);
  assert.match(quiet.stderr, /^maestro: cli-quiet asks nothing \(it is (idle|working)\)\n$/);
});
