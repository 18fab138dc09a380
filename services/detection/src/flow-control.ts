// HTTP/2 flow control for large unary messages (same as services/embedding/src/flow-control.ts until the runtime has it).
// request larger than that (one 150×150 RGB crop is 67.5 KB) is sent in two parts with a WINDOW_UPDATE round trip
// between them, and concurrent requests on one connection share that 64 KiB: they trickle in one at a time, which
// both adds a round trip of latency and starves the micro-batcher. grpc-js has a client option for this
// ('grpc-node.flow_control_window') but no server one, so each new session gets a larger window here.
// TODO(runtime): replace with a startGrpcServer option once @visor/runtime offers it.
import type { Http2Server, ServerHttp2Session } from 'node:http2';
import type { Server } from '@grpc/grpc-js';

/** HTTP/2's largest window. */
const MAX_WINDOW = 2 ** 31 - 1;

/** Returns false (and changes nothing) when grpc-js' internals are not what this expects. */
export function widenReceiveWindow(server: Server, bytes: number): boolean {
  const servers = (server as unknown as { http2Servers?: Map<Http2Server, unknown> }).http2Servers;
  if (!(servers instanceof Map) || servers.size === 0) return false;
  const size = Math.min(bytes, MAX_WINDOW);
  for (const http2Server of servers.keys()) {
    http2Server.on('session', (session: ServerHttp2Session) => {
      try {
        session.settings({ initialWindowSize: size }); // per stream
        session.setLocalWindowSize(size); // whole connection
      } catch {
        // A session that is already closing keeps the default window; nothing to do.
      }
    });
  }
  return true;
}
