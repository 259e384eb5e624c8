/** Owns reading a token from what a person pastes into the sign-in box, pure. */

/**
 * The token in `text`: the `token` parameter when it is a whole sign-in URL
 * (`http://127.0.0.1:23000/?token=…`, with or without the scheme), or else the text itself.
 *
 * @example
 * tokenFromPaste(" http://127.0.0.1:23000/?token=abc "); // "abc"
 * tokenFromPaste("abc"); // "abc"
 */
export function tokenFromPaste(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.includes("token=")) return trimmed;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  try {
    return new URL(withScheme).searchParams.get("token")?.trim() || trimmed;
  } catch {
    return trimmed;
  }
}
