package ai.gatewayz.obs.logs.tail;

import java.io.IOException;

/**
 * Where a subscription's messages go (a WebSocket session). {@link #send} may block while the client
 * is slow; it is called by one thread at a time. Owned by the transport, which closes it.
 */
public interface TailSink {
    void send(String text) throws IOException;
}
