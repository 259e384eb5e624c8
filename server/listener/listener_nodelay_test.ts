import assert from "node:assert/strict";
import { connectionNoDelay, listenerNoDelay } from "./listener_nodelay.ts";

Deno.test({
  name: "listenerNoDelay sets TCP_NODELAY on this process's listening socket, and says why not",
  ignore: Deno.build.os !== "linux",
  fn: () => {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    assert.equal(listenerNoDelay(listener.addr.port), null);
    // A port nothing here listens on: nothing is changed, and the reason is given.
    const port = listener.addr.port;
    listener.close();
    assert.match(listenerNoDelay(port) ?? "", /no listening socket on port \d+/);
  },
});

Deno.test("connectionNoDelay takes a TCP connection, and one whose peer is gone, without throwing", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const client = await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port });
  const accepted = await listener.accept();
  connectionNoDelay(accepted);
  accepted.close();
  connectionNoDelay(accepted);
  client.close();
  listener.close();
});
