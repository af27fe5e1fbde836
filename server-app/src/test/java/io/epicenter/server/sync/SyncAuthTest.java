package io.epicenter.server.sync;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import io.epicenter.server.testing.Frames;
import io.epicenter.server.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.epicenter.server.sync.SyncFixture.b64;
import static io.epicenter.server.sync.SyncFixture.basicCase;
import static org.assertj.core.api.Assertions.assertThat;

/** The shared token: 4401 right after the upgrade for anything but the exact token; never logged. */
class SyncAuthTest {

    private static final String TOKEN = "s3cr3t-Tok_42";
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final ConcurrentLinkedQueue<String> LOGS = new ConcurrentLinkedQueue<>();
    private static final Handler CAPTURE = new Handler() {
        private final SimpleFormatter fmt = new SimpleFormatter();

        @Override
        public void publish(LogRecord r) {
            LOGS.add(fmt.format(r) + " | " + r.getMessage() + " | " + java.util.Arrays.toString(r.getParameters()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private static Level previousLevel;
    private static SyncFixture fx;

    @BeforeAll
    static void start() {
        Logger root = Logger.getLogger("");
        root.addHandler(CAPTURE);
        CAPTURE.setLevel(Level.ALL);
        Logger ours = Logger.getLogger("io.epicenter");
        previousLevel = ours.getLevel();
        ours.setLevel(Level.ALL); // our debug lines too
        fx = SyncFixture.start(Map.of("auth.token", TOKEN));
    }

    @AfterAll
    static void stop() {
        fx.close();
        Logger.getLogger("").removeHandler(CAPTURE);
        Logger.getLogger("io.epicenter").setLevel(previousLevel);
        assertThat(LOGS).as("log lines captured").anyMatch(l -> l.contains("sync connect"));
        assertThat(LOGS).as("log lines captured").anyMatch(l -> l.contains("4401"));
        assertThat(LOGS).noneMatch(l -> l.contains(TOKEN));
        assertThat(LOGS).noneMatch(l -> l.contains(URLEncoder.encode(TOKEN, StandardCharsets.UTF_8)));
    }

    private static URI withToken(String room, String token) {
        return URI.create(fx.uri(room) + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    private static void refused(URI uri, Map<String, String> headers) {
        WsClient c = fx.connect(uri, headers);
        // the refused client tries to write right away; none of it may reach the room
        try {
            c.send(Frames.update(Frames.textInsert(666, "intruder")));
            c.send(Frames.awareness(666, 1, "{\"intruder\":true}"));
        } catch (RuntimeException ignored) {
            // the close may already have arrived
        }
        WsClient.Closed closed = c.awaitClose();
        assertThat(closed.code()).isEqualTo(4401);
        assertThat(closed.reason()).isEqualTo("Unauthorized");
        assertThat(c.messages).as("nothing sent before the close").isEmpty();
    }

    @Test
    void anythingButTheExactTokenIs4401BeforeAnyData() {
        WsClient member = fx.connect(withToken("a-room", TOKEN), Map.of());
        member.serverStep1();

        refused(fx.uri("a-room"), Map.of());
        refused(withToken("a-room", "wrong"), Map.of());
        refused(withToken("a-room", TOKEN.substring(0, TOKEN.length() - 1)), Map.of());
        refused(withToken("a-room", TOKEN + "x"), Map.of());
        refused(withToken("a-room", TOKEN.toUpperCase()), Map.of());
        refused(withToken("a-room", ""), Map.of());
        refused(fx.uri("a-room"), Map.of("Authorization", "Bearer " + TOKEN.toLowerCase()));
        refused(fx.uri("a-room"), Map.of("Authorization", "Basic " + TOKEN));

        member.expectNothing(QUIET); // no update, no awareness from the refused ones
        WsClient check = fx.connect(withToken("a-room", TOKEN), Map.of());
        assertThat(check.serverStep1()).isEqualTo(new byte[] {0});
    }

    @Test
    void theTokenWorksInTheQueryAndAsBearer() {
        WsClient q = fx.connect(withToken("a-ok", TOKEN), Map.of());
        WsClient h = fx.connect(fx.uri("a-ok"), Map.of("Authorization", "Bearer " + TOKEN));
        q.serverStep1();
        h.serverStep1();
        byte[] u = b64(basicCase("text-insert-abc").path("updates").get(0));
        q.send(Frames.update(u));
        assertThat(h.next()).isEqualTo(Frames.update(u));
    }
}
