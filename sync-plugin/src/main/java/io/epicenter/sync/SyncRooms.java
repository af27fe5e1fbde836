package io.epicenter.sync;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.epicenter.plugin.auth.Authorizer;
import io.epicenter.plugin.rooms.RoomResolver;
import io.epicenter.plugin.rooms.RoomTransaction;
import io.epicenter.plugin.rooms.RoomsService;
import io.epicenter.sync.room.RoomManager;
import io.epicenter.sync.room.RoomUnavailableException;
import io.epicenter.sync.ws.SyncServer;
import io.helidon.websocket.WsListener;

/** The {@link RoomsService} the sync plugin publishes: a thin view of its room manager and WebSocket server. */
final class SyncRooms implements RoomsService {

    private final RoomManager manager;
    private final SyncServer server;

    SyncRooms(RoomManager manager, SyncServer server) {
        this.manager = manager;
        this.server = server;
    }

    @Override
    public <T> CompletableFuture<T> inLane(String roomId, Function<RoomTransaction, T> change) {
        if (!RoomsService.isValidRoomId(roomId)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("invalid room id"));
        }
        try {
            // runs on the calling thread (see RoomsService: futures complete once the change ran)
            return CompletableFuture.completedFuture(manager.withRoom(roomId, change));
        } catch (RoomUnavailableException e) {
            return CompletableFuture.failedFuture(new IllegalStateException(e.getMessage(), e));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public WsListener listener(String roomId) {
        if (!RoomsService.isValidRoomId(roomId)) {
            throw new IllegalArgumentException("invalid room id");
        }
        return server.listener((prologue, headers) -> roomId, null);
    }

    @Override
    public WsListener listener(RoomResolver resolver) {
        return server.listener(resolver, null);
    }

    @Override
    public WsListener listener(RoomResolver resolver, Authorizer authorizer) {
        return server.listener(resolver, authorizer);
    }

    @Override
    public int roomCount() {
        return manager.roomCount();
    }

    @Override
    public int connectionCount() {
        return server.connectionCount();
    }
}
