package io.epicenter.sync.room;

/**
 * A receiver in a room: in practice one WebSocket connection. The room calls {@link #send} from its
 * lane, so it must never block: implementations put the frame on a bounded outbound queue drained
 * by their own writer.
 */
public interface Peer {

    /** @return a short id for logs (e.g. {@code c42}) */
    String id();

    /**
     * Queue a whole message for this peer. The same array may be handed to many peers; it must not
     * be modified.
     *
     * @param frame a complete y-websocket message
     * @return false when the peer is closed or its queue overflowed (it then closes itself, later
     *         and on another thread; it will {@link Room#leave leave} the room on its own)
     */
    boolean send(byte[] frame);
}
