package io.epicenter.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.epicenter.plugin.storage.LoadedRoom;
import io.epicenter.storage.sqlite.SqliteStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 a process that appends continuously (and compacts), at random moments, then reopen the
 * store and check that every acknowledged update is there. Several trials on the same directory, so
 * later trials also recover from earlier crashes.
 */
class CrashTest {

    private static final int ROOMS = 4;
    private static final long SEED = 20261125L;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedUpdateSurvivesSigkill() throws Exception {
        Random random = new Random(SEED);
        Path data = dir.resolve("data");
        Map<String, Set<Long>> acked = new HashMap<>();
        int trials = 4;
        long totalAcks = 0;
        for (int trial = 0; trial < trials; trial++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                               "-cp", System.getProperty("java.class.path"),
                                               "-Djava.util.logging.config.file=/dev/null",
                                               "--enable-native-access=ALL-UNNAMED",
                                               "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                                               CrashChild.class.getName(), data.toString(), String.valueOf(ROOMS))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            Map<String, Set<Long>> trialAcks = new HashMap<>();
            CompletableFuture<Void> ready = new CompletableFuture<>();
            Thread reader = Thread.ofPlatform().start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        if (line.equals("ready")) {
                            ready.complete(null);
                            continue;
                        }
                        String[] p = line.split(" ");
                        if (p.length == 4 && p[0].equals("ack")) {
                            synchronized (trialAcks) {
                                trialAcks.computeIfAbsent(p[1], k -> new HashSet<>()).add(Long.parseLong(p[2]));
                            }
                        }
                    }
                } catch (Exception e) {
                    // the child died mid-line: the partial line is not an acknowledgement
                }
            });
            ready.get(20, TimeUnit.SECONDS);
            long killAfter = 300 + random.nextInt(1500);
            Thread.sleep(killAfter);
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            reader.join(5000);
            int n = 0;
            for (var e : trialAcks.entrySet()) {
                acked.computeIfAbsent(e.getKey(), k -> new HashSet<>()).addAll(e.getValue());
                n += e.getValue().size();
            }
            totalAcks += n;
            System.err.println("crash trial " + trial + ": killed after " + killAfter + " ms, " + n + " acknowledged updates");

            // reopen and check every acknowledged update of every trial so far
            try (SqliteStorage s = SqliteStorage.open(SqliteStorage.Options.of(new StorageSettings(data, 0, 0))
                                                               .withCodec(TextUpdates.codec()))) {
                for (var e : acked.entrySet()) {
                    LoadedRoom room = s.load(e.getKey()).get(20, TimeUnit.SECONDS);
                    assertThat(room.skippedEntries()).as(e.getKey()).isZero();
                    Set<Long> present = TextUpdates.clocks(room.updates());
                    Set<Long> missing = new HashSet<>(e.getValue());
                    missing.removeAll(present);
                    assertThat(missing).as("acknowledged but lost in %s after trial %d", e.getKey(), trial).isEmpty();
                }
            }
            // the next trial types on from clock 0 again: same items, duplicates are harmless
        }
        assertThat(totalAcks).as("the child acknowledged something").isPositive();
    }
}
