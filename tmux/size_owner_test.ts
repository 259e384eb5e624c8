import assert from "node:assert/strict";
import { SizeOwner } from "./size_owner.ts";

const desk = { cols: 99, rows: 40 }, phone = { cols: 53, rows: 40 };

Deno.test("SizeOwner lets the first viewer size the pane and a later one only by typing", () => {
  const owner = new SizeOwner<string>();
  assert.deepEqual(owner.join("desk", desk), { apply: desk, ownerChanged: true });
  // The phone opening the session does not squeeze the desktop.
  assert.deepEqual(owner.join("phone", phone), { apply: null, ownerChanged: false });
  assert.equal(owner.owner, "desk");
  assert.deepEqual(owner.resize("phone", { cols: 50, rows: 30 }), {
    apply: null,
    ownerChanged: false,
  });
  assert.deepEqual(owner.take("phone"), { apply: { cols: 50, rows: 30 }, ownerChanged: true });
  assert.deepEqual(owner.take("phone"), { apply: null, ownerChanged: false });
  assert.deepEqual(owner.resize("phone", phone), { apply: phone, ownerChanged: false });
  assert.deepEqual(owner.take("desk"), { apply: desk, ownerChanged: true });
  assert.deepEqual(owner.size, desk);
});

Deno.test("SizeOwner hands the size to the viewer that typed last when the owner leaves", () => {
  const owner = new SizeOwner<string>();
  owner.join("a", desk);
  owner.join("b", phone);
  owner.join("c", { cols: 70, rows: 20 });
  owner.take("b");
  owner.take("a");
  assert.deepEqual(owner.leave("a"), { apply: phone, ownerChanged: true });
  assert.equal(owner.owner, "b");
  assert.deepEqual(owner.leave("c"), { apply: null, ownerChanged: false });
  assert.deepEqual(owner.leave("b"), { apply: null, ownerChanged: false });
  assert.equal(owner.owner, null);
  assert.deepEqual(owner.join("d", desk), { apply: desk, ownerChanged: true });
});
