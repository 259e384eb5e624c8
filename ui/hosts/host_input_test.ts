import assert from "node:assert/strict";
import {
  errorField,
  hostFormProblems,
  type HostFormValues,
  hostInput,
  hostPatch,
  normalizeHostUrl,
  patchRetests,
} from "./host_input.ts";
import type { HostDetails } from "../shared/types.ts";

const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";

function values(patch: Partial<HostFormValues> = {}): HostFormValues {
  return {
    name: "mini",
    url: "http://mini:23000",
    token: "secret",
    ca: "",
    forgetCa: false,
    ...patch,
  };
}

const MINI: HostDetails = {
  id: "mini",
  name: "mini",
  url: "http://mini:23000",
  enabled: true,
  status: "online",
  lastSeen: 1,
  sessionCount: 0,
  tls: false,
  trustsCustomCa: true,
};

Deno.test("normalizeHostUrl adds http:// to a bare address and keeps a scheme", () => {
  assert.equal(normalizeHostUrl(" 127.0.0.1:23000 "), "http://127.0.0.1:23000");
  assert.equal(normalizeHostUrl("https://box:8443"), "https://box:8443");
  assert.equal(normalizeHostUrl("ftp://box"), "ftp://box");
  assert.equal(normalizeHostUrl("  "), "");
});

Deno.test("hostFormProblems accepts a good form and names each problem", () => {
  assert.deepEqual(hostFormProblems(values(), "add"), {});
  assert.deepEqual(hostFormProblems(values({ token: "" }), "edit"), {});
  const problems = hostFormProblems(
    values({ name: "-bad", url: "ftp://x", token: "", ca: "not a pem" }),
    "add",
  );
  assert.deepEqual(Object.keys(problems).sort(), ["ca", "name", "token", "url"]);
  assert.match(problems.name ?? "", /letters, digits/);
  assert.match(problems.url ?? "", /http:\/\/HOST:PORT/);
  assert.match(problems.token ?? "", /maestro token/);
  assert.match(problems.ca ?? "", /BEGIN CERTIFICATE/);
  assert.match(hostFormProblems(values({ name: "" }), "add").name ?? "", /name/);
  assert.match(hostFormProblems(values({ name: "x".repeat(33) }), "add").name ?? "", /1–32/);
  assert.match(hostFormProblems(values({ url: "" }), "add").url ?? "", /address/);
  assert.match(hostFormProblems(values({ token: "a b" }), "edit").token ?? "", /no spaces/);
  assert.deepEqual(hostFormProblems(values({ ca: PEM }), "add"), {});
});

Deno.test("errorField points server errors at the field they are about", () => {
  assert.equal(errorField("host_token_rejected", "rejected the token"), "token");
  assert.equal(errorField("host_unreachable", "Cannot reach"), "url");
  assert.equal(errorField("host_incompatible", "protocol"), "url");
  assert.equal(errorField("host_exists", "taken"), "name");
  assert.equal(errorField("invalid_input", 'Invalid host name "x"'), "name");
  assert.equal(errorField("invalid_input", 'Invalid host URL "x"'), "url");
  assert.equal(errorField("invalid_input", "A host needs the worker's token"), "token");
  assert.equal(errorField("invalid_input", 'Field "ca" must be a PEM certificate'), "ca");
  assert.equal(errorField("invalid_input", "Body must be JSON"), null);
  assert.equal(errorField("network", "Cannot reach Maestro"), null);
});

Deno.test("hostInput trims and leaves out an empty certificate", () => {
  assert.deepEqual(hostInput(values({ name: " mini ", url: "mini:1", token: " t " })), {
    name: "mini",
    url: "http://mini:1",
    token: "t",
  });
  assert.equal(hostInput(values({ ca: `  ${PEM}  ` })).ca, `${PEM}\n`);
});

Deno.test("hostPatch sends only what changed; a blank token keeps the stored one", () => {
  assert.deepEqual(hostPatch(MINI, values({ token: "" })), {});
  assert.deepEqual(hostPatch(MINI, values({ token: "", url: "http://mini:23000/" })), {});
  assert.deepEqual(hostPatch(MINI, values({ name: "mac-mini", url: "mini:9", token: "n" })), {
    name: "mac-mini",
    url: "http://mini:9",
    token: "n",
  });
  assert.deepEqual(hostPatch(MINI, values({ token: "", forgetCa: true })), { ca: "" });
  assert.deepEqual(
    hostPatch({ ...MINI, trustsCustomCa: false }, values({ token: "", forgetCa: true })),
    {},
  );
  assert.deepEqual(hostPatch(MINI, values({ token: "", ca: PEM })), { ca: `${PEM}\n` });
});

Deno.test("patchRetests is true when the address, token or certificate changes", () => {
  assert.equal(patchRetests({}), false);
  assert.equal(patchRetests({ name: "x", enabled: true }), false);
  assert.equal(patchRetests({ url: "http://x" }), true);
  assert.equal(patchRetests({ token: "t" }), true);
  assert.equal(patchRetests({ ca: "" }), true);
});
