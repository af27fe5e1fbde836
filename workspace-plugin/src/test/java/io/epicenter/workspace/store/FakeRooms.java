package io.epicenter.workspace.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import io.epicenter.crdt.doc.Doc;
import io.epicenter.plugin.auth.Authorizer;
import io.epicenter.plugin.rooms.RoomResolver;
import io.epicenter.plugin.rooms.RoomTransaction;
import io.epicenter.plugin.rooms.RoomsService;
import io.helidon.websocket.WsListener;

/** Rooms for unit tests: each a crdt Doc behind a lock (the lane); records what was broadcast. */
final class FakeRooms implements RoomsService {

    static final class Room {
        final ReentrantLock lane = new ReentrantLock();
        Doc doc = new Doc(1, false);
        final List<byte[]> broadcast = new ArrayList<>();
    }

    final Map<String, Room> rooms = new ConcurrentHashMap<>();

    Room room(String id) {
        return rooms.computeIfAbsent(id, k -> new Room());
    }

    /** Like an eviction without storage: the room starts empty again. */
    void forget(String id) {
        room(id).doc = new Doc(1, false);
    }

    @Override
    public <T> CompletableFuture<T> inLane(String roomId, Function<RoomTransaction, T> change) {
        Room r = room(roomId);
        r.lane.lock();
        try {
            return CompletableFuture.completedFuture(change.apply(new RoomTransaction() {
                @Override
                public String roomId() {
                    return roomId;
                }

                @Override
                public byte[] encodeStateAsUpdate() {
                    return r.doc.encodeStateAsUpdate();
                }

                @Override
                public byte[] encodeStateAsUpdate(byte[] sv) {
                    return r.doc.encodeStateAsUpdate(sv);
                }

                @Override
                public byte[] encodeStateVector() {
                    return r.doc.encodeStateVector();
                }

                @Override
                public void applyUpdate(byte[] update, Object origin) {
                    r.doc.applyUpdate(update);
                    r.broadcast.add(update);
                }
            }));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        } finally {
            r.lane.unlock();
        }
    }

    @Override
    public WsListener listener(String roomId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public WsListener listener(RoomResolver resolver) {
        throw new UnsupportedOperationException();
    }

    @Override
    public WsListener listener(RoomResolver resolver, Authorizer authorizer) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int roomCount() {
        return rooms.size();
    }

    @Override
    public int connectionCount() {
        return 0;
    }
}
