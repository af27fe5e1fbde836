package io.epicenter.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher script starts the packaged server; SIGTERM stops it gracefully. */
class LauncherIT {

    private static final Pattern LISTENING = Pattern.compile("listening on http://([^:]+|\\[.*]):(\\d+)");

    @Test
    void launcherServesAndStopsOnSigterm() throws Exception {
        Path root = Path.of(System.getProperty("epicenter.root"));
        Path dataDir = java.nio.file.Files.createTempDirectory("epicenter-launcher-data");
        ProcessBuilder pb = new ProcessBuilder(root.resolve("epicenter").toString(), "serve", "--port", "0",
                                               "--data-dir", dataDir.toString())
                .directory(root.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("first stdout line").isNotNull();
            Matcher m = LISTENING.matcher(line);
            assertThat(m.matches()).as("stdout line: " + line).isTrue();
            int port = Integer.parseInt(m.group(2));
            assertThat(port).isPositive();

            HttpResponse<String> res = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.body()).contains("\"status\":\"UP\"");

            p.toHandle().destroy(); // SIGTERM
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("exits within 10 s of SIGTERM").isTrue();
            assertThat(out.readLine()).as("nothing else on stdout").isNull();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void unknownFlagExits2WithUsage() throws Exception {
        Path root = Path.of(System.getProperty("epicenter.root"));
        ProcessBuilder pb = new ProcessBuilder(root.resolve("epicenter").toString(), "serve", "--bogus")
                .directory(root.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(output).contains("unknown flag '--bogus'", "Usage: epicenter serve");
    }
}
