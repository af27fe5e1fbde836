package io.epicenter.server.ops;

import io.epicenter.server.EpicenterServer;

/** Small waits shared by the operations tests. */
final class SoakChecks {

    private SoakChecks() {
    }

    static void awaitConnections(EpicenterServer server, long n) {
        MetricsTest.await("connections == " + n, () -> Scrape.of(server).count("epicenter_sync_connections") == n);
    }
}
