/**
 * Test helper process: writes notes in a loop and prints the number of each acknowledged write.
 * Usage: `deno run -A _note_writer.ts <home> <prefix> <count>` (count 0 = until killed).
 * Each write also bumps the shared "writes" setting inside the same transaction, so two writers
 * racing on one database show whether read-modify-write transactions lose updates.
 */

import { openDatabase } from "./database.ts";
import { NotesStore } from "./notes_store.ts";
import { noteRef } from "./_note_writer_ref.ts";
import { SettingsStore } from "./settings_store.ts";

const [home, prefix, countText] = Deno.args;
if (home === undefined || prefix === undefined || countText === undefined) {
  throw new Error("Cannot start the note writer: usage is _note_writer.ts <home> <prefix> <count>");
}
const count = Number(countText);
const encoder = new TextEncoder();

using db = openDatabase(home);
const notes = new NotesStore(db);
const settings = new SettingsStore(db);

for (let i = 0; count === 0 || i < count; i++) {
  db.transaction(() => {
    notes.put(noteRef("local", `${prefix}-${i}`), `note ${i} from ${prefix}`);
    const writes = settings.get("writes");
    settings.set("writes", (typeof writes === "number" ? writes : 0) + 1);
  });
  // Only after COMMIT returned: this line is the acknowledgement the crash test relies on.
  const line = encoder.encode(`${i}\n`);
  let written = 0;
  while (written < line.length) written += Deno.stdout.writeSync(line.subarray(written));
}
