package io.epicenter.server.ops;

import io.epicenter.server.EpicenterServer;
import io.epicenter.server.testing.Await;

/** Small waits shared by the operations tests. */
final class SoakChecks {

    private SoakChecks() {
    }

    static void awaitConnections(EpicenterServer server, long n) {
        Await.await("connections == " + n, () -> Scrape.of(server).count("epicenter_sync_connections") == n);
    }
}
