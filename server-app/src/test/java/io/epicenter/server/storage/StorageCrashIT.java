package io.epicenter.server.storage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.epicenter.server.testing.Frames;
import io.epicenter.server.testing.WsClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The durability contract end to end: the packaged server ({@code java -jar}, SQLite in a temp
 * data directory) is killed with SIGKILL at random (seeded) moments while a client streams updates,
 * each followed by a sync status (102); after every restart, every update whose 102 came back is in
 * the document a new client receives. Several trials on one data directory, about 30 s at most.
 * The seed is {@code -Depicenter.crash.seed} (logged).
 */
class StorageCrashIT {

    private static final Pattern LISTENING = Pattern.compile("listening on http://[^ ]+:(\\d+)");
    private static final int TRIALS = 4;
    private static final Duration BUDGET = Duration.ofSeconds(30);
    private static final int WINDOW = 16; // updates in flight without their 102

    @TempDir
    Path dir;

    private record Server(Process process, int port) {
    }

    private Server start(int n) throws IOException {
        Path jar = Path.of(System.getProperty("epicenter.jar"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                               "-jar", jar.toString(), "serve", "--port", "0",
                                               "--data-dir", dir.resolve("data").toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("EPICENTER_"));
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null) {
            p.destroyForcibly();
            throw new AssertionError("server " + n + " exited before listening; see " + dir.resolve("server.log"));
        }
        Matcher m = LISTENING.matcher(line);
        assertThat(m.find()).as("stdout: " + line).isTrue();
        return new Server(p, Integer.parseInt(m.group(1)));
    }

    @Test
    void everyUpdateWhose102CameBackSurvivesSigkill() throws Exception {
        // runs under Failsafe after `package` (which sets epicenter.jar); a Surefire run matching *Storage* skips it
        Assumptions.assumeTrue(System.getProperty("epicenter.jar") != null, "needs -Depicenter.jar (Failsafe)");
        long seed = Long.getLong("epicenter.crash.seed", System.nanoTime());
        System.out.println("StorageCrashIT seed=" + seed + " (rerun with -Depicenter.crash.seed=" + seed + ")");
        Random random = new Random(seed);
        Set<String> acked = ConcurrentHashMap.newKeySet();
        long deadline = System.nanoTime() + BUDGET.toNanos();
        int trials = 0;
        for (int t = 0; t < TRIALS && System.nanoTime() < deadline; t++) {
            Server s = start(t);
            try {
                assertThat(stateKeys(s)).as("trial %d: acknowledged before the crash", t).containsAll(acked);
                int before = acked.size();
                runUntilKilled(s, t, acked, 300 + random.nextInt(1200));
                assertThat(acked.size()).as("trial %d acknowledged some updates", t).isGreaterThan(before);
                trials++;
            } finally {
                s.process().destroyForcibly();
                s.process().waitFor(10, TimeUnit.SECONDS);
            }
        }
        Server last = start(TRIALS);
        try {
            Set<String> keys = stateKeys(last);
            assertThat(keys).containsAll(acked);
            System.out.println("StorageCrashIT: " + trials + " SIGKILLs, " + acked.size() + " acknowledged updates, all present ("
                    + keys.size() + " keys stored)");
        } finally {
            last.process().destroy();
            last.process().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(trials).isGreaterThanOrEqualTo(2);
    }

    private static Set<String> stateKeys(Server s) {
        try (WsClient c = WsClient.connect(s.port(), "crash")) {
            return Docs.keys(c.fullState());
        }
    }

    /** Stream updates with 102s until the server is killed after {@code killAfterMillis}. */
    private static void runUntilKilled(Server s, int trial, Set<String> acked, long killAfterMillis) throws Exception {
        WsClient c = WsClient.connect(s.port(), "crash");
        c.nextStep1();
        Docs.Writer w = new Docs.Writer(1000 + trial);
        AtomicLong sent = new AtomicLong(-1);
        AtomicLong ackedUpTo = new AtomicLong(-1);
        AtomicBoolean stop = new AtomicBoolean();
        Thread reader = Thread.ofVirtual().start(() -> {
            while (!stop.get()) {
                byte[] m = c.poll(Frames::isSyncStatus, Duration.ofMillis(50));
                if (m != null) {
                    long tag = Frames.syncStatusTag(m);
                    // 102 #tag: every update sent before it (keys 0..tag of this trial) is durable
                    for (long i = ackedUpTo.get() + 1; i <= tag; i++) {
                        acked.add(key(trial, i));
                    }
                    ackedUpTo.set(tag);
                }
            }
        });
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                for (long i = 0; !stop.get(); i++) {
                    while (i - ackedUpTo.get() > WINDOW && !stop.get()) {
                        Thread.sleep(1);
                    }
                    c.sendUpdateAnd102(w.set(key(trial, i), i), i);
                    sent.set(i);
                    Thread.sleep(1);
                }
            } catch (RuntimeException | InterruptedException e) {
                // the server was killed
            }
        });
        Thread.sleep(killAfterMillis);
        s.process().destroyForcibly(); // SIGKILL
        s.process().waitFor(10, TimeUnit.SECONDS);
        Thread.sleep(100); // 102s already on the wire still count
        stop.set(true);
        writer.join(5000);
        reader.join(5000);
        c.abort();
        System.out.println("StorageCrashIT trial " + trial + ": killed after " + killAfterMillis + " ms, sent "
                + (sent.get() + 1) + ", acknowledged " + (ackedUpTo.get() + 1));
    }

    private static String key(int trial, long i) {
        return "t" + trial + "-" + i;
    }
}
