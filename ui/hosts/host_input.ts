/**
 * Owns the rules of the host form: what to check before asking the server, which field a
 * server error is about, and what an edit changes.
 */

import type { HostDetails, HostInput, HostPatch } from "../shared/types.ts";

export type HostField = "name" | "url" | "token" | "ca";

export interface HostFormValues {
  name: string;
  url: string;
  token: string;
  /** PEM text of a certificate to trust; empty for none (or, when editing, unchanged). */
  ca: string;
  /** Editing only: stop trusting the certificate stored earlier. */
  forgetCa: boolean;
}

export type HostProblems = Partial<Record<HostField, string>>;

/** The server's rule for host names (server/hosts/host_registry.ts). */
const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
const PEM_BEGIN = "-----BEGIN CERTIFICATE-----";

export const HOST_NAME_RULE = "1–32 letters, digits, “_” and “-”, starting with a letter or digit";

/** `mini.tailnet:23000` → `http://mini.tailnet:23000`; anything with a scheme is kept as typed. */
export function normalizeHostUrl(url: string): string {
  const trimmed = url.trim();
  if (trimmed === "" || /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return trimmed;
  return `http://${trimmed}`;
}

/** What is wrong with the form before it goes to the server (an empty object: nothing). */
export function hostFormProblems(values: HostFormValues, mode: "add" | "edit"): HostProblems {
  const problems: HostProblems = {};
  const name = values.name.trim();
  if (name === "") problems.name = "Give the host a name";
  else if (!HOST_NAME.test(name)) problems.name = `Use ${HOST_NAME_RULE}`;

  const url = normalizeHostUrl(values.url);
  if (url === "") {
    problems.url = "Enter the worker's address, e.g. http://mac-mini:23000";
  } else {
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    if (parsed === null || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
      problems.url = "Use http://HOST:PORT or https://HOST:PORT";
    }
  }

  const token = values.token.trim();
  if (mode === "add" && token === "") {
    problems.token = "Paste the worker's token (run `maestro token` on that machine)";
  } else if (/\s/.test(token)) {
    problems.token = "A token has no spaces: copy it again from `maestro token`";
  }

  if (values.ca.trim() !== "" && !values.ca.includes(PEM_BEGIN)) {
    problems.ca = `Paste a PEM certificate (it starts with ${PEM_BEGIN})`;
  }
  return problems;
}

/** The field a server error is about, to mark and focus it; null when it is about none. */
export function errorField(code: string, message: string): HostField | null {
  switch (code) {
    case "host_token_rejected":
      return "token";
    case "host_unreachable":
    case "host_incompatible":
      return "url";
    case "host_exists":
      return "name";
    case "invalid_input":
      if (/host name/i.test(message)) return "name";
      if (/url/i.test(message)) return "url";
      if (/token/i.test(message)) return "token";
      if (/"ca"|certificate/i.test(message)) return "ca";
      return null;
    default:
      return null;
  }
}

/** The body of `POST /api/hosts`. */
export function hostInput(values: HostFormValues): HostInput {
  const input: HostInput = {
    name: values.name.trim(),
    url: normalizeHostUrl(values.url),
    token: values.token.trim(),
  };
  if (values.ca.trim() !== "") input.ca = values.ca.trim() + "\n";
  return input;
}

/** The body of `PATCH /api/hosts/:id`: only what the form changes (a blank token keeps it). */
export function hostPatch(host: HostDetails, values: HostFormValues): HostPatch {
  const patch: HostPatch = {};
  const name = values.name.trim();
  if (name !== host.name) patch.name = name;
  const url = normalizeHostUrl(values.url);
  if (host.url === null || new URL(url).origin !== host.url) patch.url = url;
  const token = values.token.trim();
  if (token !== "") patch.token = token;
  if (values.ca.trim() !== "") patch.ca = values.ca.trim() + "\n";
  else if (values.forgetCa && host.trustsCustomCa) patch.ca = "";
  return patch;
}

/** Whether saving `patch` makes the server test the host again (new address, token or CA). */
export function patchRetests(patch: HostPatch): boolean {
  return patch.url !== undefined || patch.token !== undefined || patch.ca !== undefined;
}
