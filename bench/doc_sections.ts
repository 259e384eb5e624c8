/**
 * Owns writing measured tables into docs/BENCHMARKS.md: each between its markers
 * (`<!-- bench:NAME -->` … `<!-- /bench:NAME -->`), the rest of the file untouched. Pure.
 */

/** `doc` with section `name`'s content replaced by `content`; throws when the markers are missing. */
export function replaceSection(doc: string, name: string, content: string): string {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from === -1 || to === -1 || to < from) {
    throw new Error(`docs/BENCHMARKS.md has no "${start}" … "${end}" section`);
  }
  return `${doc.slice(0, from + start.length)}\n\n${content.trim()}\n\n${doc.slice(to)}`;
}
