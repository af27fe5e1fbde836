package io.epicenter.server.ops;

import java.util.LinkedHashMap;
import java.util.Map;

import io.epicenter.server.EpicenterServer;
import io.epicenter.server.TestServers;

/** One scrape of {@code /observe/metrics} (Prometheus text), parsed into series → value. */
final class Scrape {

    final String text;
    private final Map<String, Double> series = new LinkedHashMap<>();

    private Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int sp = line.lastIndexOf(' ');
            String key = line.substring(0, sp);
            // drop the scope tag Helidon adds, and a trailing comma, so keys read name{a="x",b="y"}
            key = key.replace("scope=\"application\",", "").replace(",}", "}").replace("{}", "");
            series.put(key, Double.parseDouble(line.substring(sp + 1)));
        }
    }

    static Scrape of(EpicenterServer server) {
        var r = TestServers.get(server, "/observe/metrics");
        if (r.statusCode() != 200) {
            throw new AssertionError("GET /observe/metrics: " + r.statusCode());
        }
        return new Scrape(r.body());
    }

    /**
     * @param name metric name
     * @param tags tag key/value pairs in the order the scrape prints them (alphabetical)
     * @return the value, or NaN when the series is absent
     */
    double value(String name, String... tags) {
        StringBuilder k = new StringBuilder(name);
        if (tags.length > 0) {
            k.append('{');
            for (int i = 0; i < tags.length; i += 2) {
                if (i > 0) {
                    k.append(',');
                }
                k.append(tags[i]).append("=\"").append(tags[i + 1]).append('"');
            }
            k.append('}');
        }
        return series.getOrDefault(k.toString(), Double.NaN);
    }

    long count(String name, String... tags) {
        double v = value(name, tags);
        if (Double.isNaN(v)) {
            throw new AssertionError("no series " + name + " " + String.join(",", tags) + " in scrape");
        }
        return (long) v;
    }

    boolean hasMetric(String name) {
        return text.contains("\n" + name + "{") || text.contains("\n" + name + " ") || text.startsWith(name);
    }
}
