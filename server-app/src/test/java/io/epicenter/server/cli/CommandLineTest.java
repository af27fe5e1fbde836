package io.epicenter.server.cli;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineTest {

    @Test
    void serveFlagsBecomeConfigOverrides() {
        CommandLine.Parsed p = CommandLine.parse("serve", "--port", "0", "--host=0.0.0.0", "--token", "s3cret",
                                                 "--config", "x.yaml", "--plugins-dir", "/tmp/p");
        assertThat(p).isEqualTo(new CommandLine.Serve(Map.of("server.port", "0", "server.host", "0.0.0.0",
                                                             "auth.token", "s3cret", "server.plugins-dir", "/tmp/p"),
                                                      Optional.of("x.yaml")));
    }

    @Test
    void unknownFlagIsAUsageError() {
        CommandLine.Parsed p = CommandLine.parse("serve", "--nope");
        assertThat(p).isInstanceOf(CommandLine.Usage.class);
        assertThat(((CommandLine.Usage) p).error()).contains("--nope");
        assertThat(((CommandLine.Usage) p).usage()).contains("--port", "--token");
    }

    @Test
    void missingValueAndUnknownCommand() {
        assertThat(CommandLine.parse("serve", "--port")).isInstanceOf(CommandLine.Usage.class);
        assertThat(CommandLine.parse("frobnicate")).isInstanceOf(CommandLine.Usage.class);
        assertThat(CommandLine.parse()).isInstanceOf(CommandLine.Usage.class);
    }

    @Test
    void helpDescribesEveryFlag() {
        CommandLine.Parsed p = CommandLine.parse("serve", "--help");
        assertThat(p).isInstanceOf(CommandLine.Help.class);
        for (Flag f : CommandLine.SERVE_FLAGS) {
            assertThat(((CommandLine.Help) p).text()).contains(f.name());
        }
        assertThat(CommandLine.parse("--help")).isInstanceOf(CommandLine.Help.class);
    }
}
