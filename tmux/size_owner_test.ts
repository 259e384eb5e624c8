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

Deno.test("SizeOwner gives the size to a viewer someone looks at when nobody looks at the owner", () => {
  const owner = new SizeOwner<string>();
  owner.join("desk", desk);
  owner.focus("desk", true);
  owner.join("phone", phone);
  // The desktop is looked at: the phone opening and looked at changes nothing.
  assert.deepEqual(owner.focus("phone", true), { apply: null, ownerChanged: false });
  // The desktop's tab goes to the background: the phone, looked at, sets the size.
  assert.deepEqual(owner.focus("desk", false), { apply: phone, ownerChanged: true });
  // The phone's screen goes off, the desktop is looked at again: it takes the size back.
  assert.deepEqual(owner.focus("phone", false), { apply: null, ownerChanged: false });
  assert.deepEqual(owner.focus("desk", true), { apply: desk, ownerChanged: true });
  // Looked at by nobody, the phone typing still takes it.
  assert.deepEqual(owner.take("phone"), { apply: phone, ownerChanged: true });
});

Deno.test("SizeOwner hands over to a viewer someone looks at before one that typed", () => {
  const owner = new SizeOwner<string>();
  owner.join("a", desk);
  owner.focus("a", true);
  owner.join("b", phone);
  owner.join("c", { cols: 70, rows: 20 });
  owner.take("b");
  owner.take("a");
  // a is looked at: c being looked at too changes nothing.
  assert.deepEqual(owner.focus("c", true), { apply: null, ownerChanged: false });
  assert.deepEqual(owner.leave("a"), { apply: { cols: 70, rows: 20 }, ownerChanged: true });
});
