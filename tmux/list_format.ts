/**
 * Owns reading lists tmux prints with `-F` so that no value can shift a field or split a row.
 * Pure (apart from drawing the random delimiters).
 *
 * tmux 3.3a prints every value raw: a pane's current path or program name can hold any byte
 * but NUL — "\n", "\x1f", "\t", escape sequences, bytes that are not UTF-8 — because they come
 * from the system (`/proc/<pid>/cwd`, `/proc/<pid>/cmdline`). Session names are printable
 * (tmux stores control characters as `\n`, `\037`…) and pane titles are printable UTF-8 (tmux
 * refuses any other title), but both may hold spaces, `\`, `#` and the like. No format modifier
 * of 3.3a escapes every byte (`#{q:…}` leaves a newline as it is). So rows and fields are
 * delimited by strings drawn at random for each call: a value cannot contain a delimiter it
 * could not know when it was written. A row that does not split into the expected number of
 * fields (a value holding this call's delimiter, odds about 2^-72) is left out rather than read
 * shifted.
 */

/** One call's delimiters: each row starts with `record`, fields are joined by `field`. */
export interface ListDelimiters {
  readonly record: string;
  readonly field: string;
}

// Characters that are plain text in a tmux format, even inside `#{?…,…,…}` branches.
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const TOKEN_LENGTH = 12;

/** Fresh delimiters for one call: a control byte tmux never puts in a name, then 72 random bits. */
export function listDelimiters(): ListDelimiters {
  let token = "";
  for (const byte of crypto.getRandomValues(new Uint8Array(TOKEN_LENGTH))) {
    token += ALPHABET[byte % ALPHABET.length];
  }
  return { record: "\x1e" + token, field: "\x1f" + token };
}

/**
 * The `-F` format of one row from its fields' formats (`#{pane_id}`…). A field format may itself
 * hold `delimiters.field` (a conditional choosing between groups of fields).
 */
export function listFormat(fields: readonly string[], delimiters: ListDelimiters): string {
  return delimiters.record + fields.join(delimiters.field);
}

/**
 * The rows of a list tmux printed with a {@link listFormat} format, each with exactly
 * `fieldCount` fields, byte for byte as tmux printed them (tmux ends every row with "\n").
 */
export function parseList(
  text: string,
  delimiters: ListDelimiters,
  fieldCount: number,
): string[][] {
  const rows: string[][] = [];
  const records = text.split(delimiters.record);
  // records[0] is what came before the first row: nothing, unless tmux printed something else.
  for (let i = 1; i < records.length; i++) {
    const record = records[i] as string;
    const fields = (record.endsWith("\n") ? record.slice(0, -1) : record).split(delimiters.field);
    if (fields.length === fieldCount) rows.push(fields);
  }
  return rows;
}
