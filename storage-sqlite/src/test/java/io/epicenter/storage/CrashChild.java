package io.epicenter.storage;

import java.io.PrintStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

import io.epicenter.storage.sqlite.SqliteStorage;

/**
 * Run by {@link CrashTest} in a child JVM: types into several rooms as fast as the store accepts
 * and prints {@code ack <room> <clock> <seq>} once each append's future completed (the update is
 * durable then). Compacts often. Runs until killed.
 */
public final class CrashChild {

    private CrashChild() {
    }

    /**
     * @param args data directory, number of rooms
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int rooms = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, "UTF-8");
        ReentrantLock outLock = new ReentrantLock();
        SqliteStorage storage = SqliteStorage.open(SqliteStorage.Options.of(new StorageSettings(dir, 40, 0))
                                                           .withCodec(TextUpdates.codec()));
        outLock.lock();
        try {
            out.println("ready");
            out.flush();
        } finally {
            outLock.unlock();
        }
        Thread[] writers = new Thread[rooms];
        for (int r = 0; r < rooms; r++) {
            String room = "crash-" + r;
            long client = 1000 + r;
            writers[r] = Thread.ofVirtual().start(() -> {
                // a few appends in flight per room, acknowledged as they complete
                CompletableFuture<?>[] window = new CompletableFuture<?>[8];
                for (long clock = 0; ; clock++) {
                    int slot = (int) (clock % window.length);
                    if (window[slot] != null) {
                        window[slot].join();
                    }
                    long c = clock;
                    window[slot] = storage.append(room, TextUpdates.typed(client, c, TextUpdates.charAt(c)))
                            .thenAccept(seq -> {
                                outLock.lock();
                                try {
                                    out.println("ack " + room + " " + c + " " + seq);
                                    out.flush();
                                } finally {
                                    outLock.unlock();
                                }
                            });
                }
            });
        }
        for (Thread t : writers) {
            t.join();
        }
    }
}
