package io.epicenter.server.sync;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;

/**
 * {@link SyncProtocolTest} with rooms that hold an update log ({@code plugins.sync.room-state: log})
 * instead of a document: two writers, late joiners, diffs, pending structs, the delivery rule.
 */
class SyncProtocolLogTest extends SyncProtocolTest {

    /** Hides {@link SyncProtocolTest#start()}: JUnit then runs only this one. */
    @BeforeAll
    static void start() {
        fx = SyncFixture.start(Map.of("plugins.sync.room-state", "log"));
        roomState = "log";
    }
}
