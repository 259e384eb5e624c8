/** Owns the byte-level escaping tmux control mode applies to pane output (`\ooo` octal). */

const BACKSLASH = 0x5c;

function isOctalDigit(b: number | undefined): b is number {
  return b !== undefined && b >= 0x30 && b <= 0x37;
}

/**
 * Unescape the data part of a `%output` line: `\ooo` becomes the byte it names, every other byte
 * (including DEL and bytes >= 0x80, which tmux sends raw) is kept as is.
 *
 * Returns `data` itself when there is nothing to unescape, so the common case costs no copy.
 *
 * @example
 * ```ts
 * unescapeOctal(new TextEncoder().encode("a\\015\\012")); // bytes 61 0d 0a
 * ```
 */
export function unescapeOctal(data: Uint8Array): Uint8Array {
  const first = data.indexOf(BACKSLASH);
  if (first < 0) return data;
  const out = new Uint8Array(data.length);
  out.set(data.subarray(0, first));
  let o = first;
  let i = first;
  while (i < data.length) {
    const b = data[i] as number;
    if (b === BACKSLASH) {
      const d0 = data[i + 1], d1 = data[i + 2], d2 = data[i + 3];
      // A first digit above 3 would name a value above 0xff: not an escape tmux writes.
      if (isOctalDigit(d0) && d0 <= 0x33 && isOctalDigit(d1) && isOctalDigit(d2)) {
        out[o++] = ((d0 - 0x30) << 6) | ((d1 - 0x30) << 3) | (d2 - 0x30);
        i += 4;
        continue;
      }
    }
    out[o++] = b;
    i++;
  }
  return out.subarray(0, o);
}

/**
 * Unescape `data` like {@link unescapeOctal}, writing into `out` at `offset` (which must have room
 * for `data.length` bytes); returns the offset after the last byte written. Runs between escapes
 * are copied in bulk, so a line with one `\015\012` at its end costs two copies, no allocation.
 */
export function unescapeOctalInto(data: Uint8Array, out: Uint8Array, offset: number): number {
  let o = offset;
  let i = 0;
  while (i < data.length) {
    const slash = data.indexOf(BACKSLASH, i);
    const runEnd = slash < 0 ? data.length : slash;
    if (runEnd > i) {
      out.set(data.subarray(i, runEnd), o);
      o += runEnd - i;
    }
    if (slash < 0) break;
    const d0 = data[slash + 1], d1 = data[slash + 2], d2 = data[slash + 3];
    if (isOctalDigit(d0) && d0 <= 0x33 && isOctalDigit(d1) && isOctalDigit(d2)) {
      out[o++] = ((d0 - 0x30) << 6) | ((d1 - 0x30) << 3) | (d2 - 0x30);
      i = slash + 4;
    } else {
      out[o++] = BACKSLASH;
      i = slash + 1;
    }
  }
  return o;
}

/**
 * Escape bytes the way tmux does for `%output` (the inverse of {@link unescapeOctal}); used to
 * build transcripts in tests and benchmarks.
 */
export function escapeOctal(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (const b of data) {
    if (b < 0x20 || b === BACKSLASH) {
      out.push(BACKSLASH, 0x30 + (b >> 6), 0x30 + ((b >> 3) & 7), 0x30 + (b & 7));
    } else {
      out.push(b);
    }
  }
  return Uint8Array.from(out);
}
