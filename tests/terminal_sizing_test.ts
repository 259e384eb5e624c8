import assert from "node:assert/strict";
import { TerminalClient } from "./helpers/terminal_client.ts";
import { TestServer } from "./helpers/test_server.ts";

async function open(server: TestServer, cols: number, rows: number): Promise<TerminalClient> {
  const client = new TerminalClient(
    server.wsUrl("/api/hosts/local/sessions/sized/terminal"),
    server.headers,
  );
  await client.opened;
  client.send({ type: "hello", cols, rows });
  await client.waitFor(() => client.count("snapshot-end") >= 1, "the first snapshot");
  return client;
}

async function paneSize(server: TestServer): Promise<string> {
  return (await server.tmux.tmux(
    "display-message",
    "-p",
    "-t",
    "=sized:",
    "#{pane_width}x#{pane_height}",
  ))
    .trim();
}

async function untilPaneSize(server: TestServer, size: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await paneSize(server) === size) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.equal(await paneSize(server), size);
}

function lastSizing(client: TerminalClient) {
  return client.messages.filter((m) => m.type === "sizing").at(-1);
}

Deno.test("Terminal sizing: a second viewer does not squeeze the first until it types, and a viewer can take over", async () => {
  await using server = await TestServer.start();
  await server.tmux.newSession("sized");
  await using desk = await open(server, 120, 40);
  await untilPaneSize(server, "120x40");
  assert.deepEqual(lastSizing(desk), { type: "sizing", owner: true, cols: 120, rows: 40 });

  await using phone = await open(server, 53, 30);
  assert.deepEqual(lastSizing(phone), { type: "sizing", owner: false, cols: 120, rows: 40 });
  phone.send({ type: "resize", cols: 50, rows: 30 });
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(await paneSize(server), "120x40");

  // Typing takes over: the pane gets the phone's size and the desktop is told.
  phone.type("x");
  await untilPaneSize(server, "50x30");
  await desk.waitFor(() => lastSizing(desk)?.owner === false, "the desktop told");
  assert.deepEqual(lastSizing(desk), { type: "sizing", owner: false, cols: 50, rows: 30 });
  assert.deepEqual(lastSizing(phone), { type: "sizing", owner: true, cols: 50, rows: 30 });

  // The desktop takes it back with a click (take-size), then the phone leaves.
  desk.send({ type: "take-size" });
  await untilPaneSize(server, "120x40");
  await phone.waitFor(() => lastSizing(phone)?.owner === false, "the phone told");
  phone.type("y");
  await untilPaneSize(server, "50x30");
  await phone[Symbol.asyncDispose]();
  await untilPaneSize(server, "120x40");
  await desk.waitFor(() => lastSizing(desk)?.owner === true, "the desktop owns the size again");
});

Deno.test("Terminal sizing holds through a manager: relayed viewers size a worker's pane by the same rule", async () => {
  await using manager = await TestServer.start();
  await using worker = await TestServer.start();
  await worker.tmux.newSession("sized");
  const added = await manager.fetch("/api/hosts", {
    method: "POST",
    body: JSON.stringify({ name: "w1", url: worker.server.url, token: worker.token }),
  });
  assert.equal(added.status, 201);
  const { id } = await added.json() as { id: string };
  const path = `/api/hosts/${id}/sessions/sized/terminal`;
  const open = async (cols: number, rows: number) => {
    const client = new TerminalClient(manager.wsUrl(path), manager.headers);
    await client.opened;
    client.send({ type: "hello", cols, rows });
    await client.waitFor(() => client.count("snapshot-end") >= 1, "the first snapshot");
    return client;
  };
  await using desk = await open(120, 40);
  await untilPaneSize(worker, "120x40");
  await using phone = await open(53, 30);
  await phone.waitFor(() => lastSizing(phone) !== undefined, "the phone told");
  assert.deepEqual(lastSizing(phone), { type: "sizing", owner: false, cols: 120, rows: 40 });
  phone.type("x");
  await untilPaneSize(worker, "53x30");
  await desk.waitFor(() => lastSizing(desk)?.owner === false, "the desktop told");
});

Deno.test("Terminal sizing: an owner nobody looks at gives the size to a viewer someone looks at, and takes it back when looked at", async () => {
  await using server = await TestServer.start();
  await server.tmux.newSession("sized");
  await using desk = await open(server, 120, 40);
  desk.send({ type: "focus", focused: true });
  await untilPaneSize(server, "120x40");
  await using phone = await open(server, 53, 30);
  phone.send({ type: "focus", focused: true });
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(await paneSize(server), "120x40", "the desktop is looked at: no squeeze");
  // The desktop's tab goes to the background: the phone, looked at, sets the size.
  desk.send({ type: "focus", focused: false });
  await untilPaneSize(server, "53x30");
  await desk.waitFor(() => lastSizing(desk)?.owner === false, "the desktop told");
  // The phone's screen goes off and the desktop is looked at again: its size is back.
  phone.send({ type: "focus", focused: false });
  desk.send({ type: "focus", focused: true });
  await untilPaneSize(server, "120x40");
  await phone.waitFor(() => lastSizing(phone)?.owner === false, "the phone told");
});
