import type { AmqpConnectionManager } from 'amqp-connection-manager';

interface Muxer {
  _readIncoming(): void;
  coalesced?: boolean;
}

interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * amqplib writes every frame its channels queue to the socket one at a time, each a system call of
 * its own: a batch of 64 replies and 64 acks made in one turn of the event loop cost 128 writes.
 * Corked for the length of one pass of its multiplexer, what the pass writes leaves in one `writev`.
 * The order of frames, and the multiplexer's back-pressure (a write beyond the socket's buffer still
 * answers false and stops the pass), are unchanged. It reaches into amqplib's connection (`muxer`,
 * `stream`); should a version no longer have them, frames go one by one as before.
 */
export function coalesceFrames(manager: AmqpConnectionManager): void {
  manager.on('connect', ({ connection }) => {
    const inner = (connection as unknown as { connection?: { muxer?: Muxer; stream?: Partial<Corkable> } }).connection;
    const muxer = inner?.muxer;
    const socket = inner?.stream;
    if (!muxer || muxer.coalesced || typeof muxer._readIncoming !== 'function') return;
    if (typeof socket?.cork !== 'function' || typeof socket.uncork !== 'function') return;
    const pass = muxer._readIncoming.bind(muxer);
    const corkable = socket as Corkable;
    muxer._readIncoming = () => {
      corkable.cork();
      try {
        pass();
      } finally {
        corkable.uncork();
      }
    };
    muxer.coalesced = true;
  });
}
