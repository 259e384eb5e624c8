import assert from "node:assert/strict";
import { inboxItems, needsYouCount } from "./inbox_items.ts";
import type { Session } from "../shared/types.ts";
import { testSession } from "../shared/_test_session.ts";

const session = (name: string, status: Session["status"], activity: number, extra = {}) =>
  testSession(name, { status, activity, ...extra });

Deno.test("inboxItems lists who needs you, oldest question first, then who is done", () => {
  const prompt = (since: number) => ({
    prompt: { id: "p", kind: "yes-no", text: "?", detail: "", options: [], since },
  });
  const items = inboxItems([
    session("late", "needs-you", 900, prompt(300)),
    session("busy", "working", 10),
    session("early", "needs-you", 950, prompt(100)),
    session("finished", "done", 50),
    session("quiet", "idle", 5),
    session("bell", "needs-you", 200),
  ]);
  assert.deepEqual(items.map((i) => `${i.kind} ${i.session.name}`), [
    "needs-you early",
    "needs-you bell",
    "needs-you late",
    "done finished",
  ]);
  assert.equal(needsYouCount(items.map((i) => i.session)), 3);
});
