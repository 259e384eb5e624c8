import assert from "node:assert/strict";
import { INPUT_MAX_BYTES, SessionService } from "../tmux/mod.ts";
import { ApiHarness, eventually } from "./helpers/api_harness.ts";
import { PrivateTmux } from "./helpers/private_tmux.ts";
import { tempDir } from "./helpers/temp_dir.ts";

/**
 * A session whose program takes its terminal raw and writes what it reads to `file`: the bytes
 * typed arrive there unchanged (a cooked terminal keeps at most 4095 bytes of one line).
 */
async function recorder(tmux: PrivateTmux, name: string, file: string, bytes: number) {
  const program = `stty raw -echo; echo ready; head -c ${bytes} > '${file}'; sleep 60`;
  await tmux.newSession(name, "sh", "-c", program);
  await eventually(async () => {
    const screen = await tmux.tmux("capture-pane", "-p", "-t", `=${name}:`);
    return screen.includes("ready") ? true : undefined;
  }, `${name}'s terminal to go raw`);
}

async function fileOf(path: string, size: number): Promise<Uint8Array> {
  return await eventually(
    async () => {
      const data = await Deno.readFile(path).catch(() => new Uint8Array());
      return data.length >= size ? data : undefined;
    },
    `${size} bytes in ${path}`,
    400,
  );
}

Deno.test("SessionService types a paste of the largest input whole and in order", async () => {
  await using tmux = new PrivateTmux();
  await using dir = await tempDir();
  const file = `${dir.path}/typed`;
  await recorder(tmux, "paste", file, INPUT_MAX_BYTES);
  // Printable bytes that say where they are: a byte out of place shows.
  const paste = new Uint8Array(INPUT_MAX_BYTES);
  for (let i = 0; i < paste.length; i++) paste[i] = 0x21 + ((i * 7 + (i >> 10)) % 94);
  await new SessionService(tmux.options).sendBytes("paste", paste);
  const data = await fileOf(file, paste.length);
  assert.equal(data.length, paste.length);
  assert.ok(data.every((byte, i) => byte === paste[i]), "every byte in its place");
});

Deno.test("Session API input types text far over one tmux command's length", async () => {
  await using api = await ApiHarness.start();
  await using dir = await tempDir();
  const file = `${dir.path}/typed`;
  const text = "0123456789abcdef".repeat(4096); // 64 KiB: tmux takes ~5 KiB per command list
  await recorder(api.tmux, "api-paste", file, text.length + 1);
  const sent = await api.request("/api/hosts/local/sessions/api-paste/input", {
    method: "POST",
    body: { text, enter: true },
  });
  assert.equal(sent.status, 204, await sent.text());
  const data = new TextDecoder().decode(await fileOf(file, text.length + 1));
  assert.equal(data, text + "\r");
});
