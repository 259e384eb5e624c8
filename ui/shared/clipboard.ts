/** Owns copying text to the clipboard, also where the async Clipboard API is unavailable. */
/// <reference lib="dom" />

/** Copy `text`; falls back to a hidden textarea and `execCommand` outside secure contexts. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Not a secure context (plain http on a LAN address) or permission refused.
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  document.execCommand("copy");
  area.remove();
}

/** Whether the page runs on a Mac (Cmd instead of Ctrl for copy and paste). */
export function isMac(): boolean {
  return /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}
