/**
 * The bare WebSocket the echo benchmark measures Maestro against: `Deno.serve` on a free loopback
 * port, every binary message sent straight back, nothing else in the process. Prints
 * `listening <port>` once ready; stops on SIGTERM. Run by {@linkcode startFloorServer}.
 */

if (import.meta.main) {
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: ({ port }) => Deno.stdout.writeSync(new TextEncoder().encode(`listening ${port}\n`)),
  }, (request) => {
    const { socket, response } = Deno.upgradeWebSocket(request);
    socket.binaryType = "arraybuffer";
    socket.onmessage = (event) => socket.send(event.data);
    return response;
  });
  Deno.addSignalListener("SIGTERM", () => server.shutdown());
  await server.finished;
}
