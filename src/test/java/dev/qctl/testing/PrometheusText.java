package dev.qctl.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text format (version 0.0.4), for tests that scrape
 * /metrics: every line must be a HELP, a TYPE or a sample of a family declared before it,
 * names and labels must be well-formed, and a value must be a number; anything else throws.
 */
public final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)( -?\\d+)?");
    private static final Pattern LABEL =
            Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");
    private static final List<String> SUFFIXES =
            List.of("", "_total", "_bucket", "_count", "_sum", "_created", "_info");

    public record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = samples;
    }

    /** GETs {@code url} and parses the body; a status other than 200 throws. */
    public static PrometheusText scrape(String url) throws IOException, InterruptedException {
        try (HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> r = client.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IOException(url + " answered " + r.statusCode());
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("text/plain")) throw new IOException(url + " sent Content-Type " + type);
            return parse(r.body());
        }
    }

    public static PrometheusText parse(String text) {
        Map<String, String> types = new HashMap<>();
        List<Sample> samples = new ArrayList<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) continue;
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ", 2);
                if (!NAME.matcher(parts[0]).matches()) throw bad(n, line, "bad metric name");
                if (line.startsWith("# TYPE ")) {
                    if (parts.length != 2 || !TYPES.contains(parts[1])) throw bad(n, line, "bad type");
                    if (types.put(parts[0], parts[1]) != null) throw bad(n, line, "family typed twice");
                }
                continue;
            }
            if (line.startsWith("#")) throw bad(n, line, "unknown comment");
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) throw bad(n, line, "not a sample");
            String name = m.group(1);
            if (SUFFIXES.stream()
                    .noneMatch(
                            s -> name.endsWith(s) && types.containsKey(name.substring(0, name.length() - s.length()))))
                throw bad(n, line, "sample of no declared family");
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null && !m.group(3).isEmpty()) {
                Matcher l = LABEL.matcher(m.group(3));
                int at = 0;
                while (at < m.group(3).length()) {
                    if (!l.find(at) || l.start() != at) throw bad(n, line, "bad label");
                    if (labels.put(l.group(1), l.group(2)) != null) throw bad(n, line, "label twice");
                    at = l.end();
                    if (at < m.group(3).length()) {
                        if (m.group(3).charAt(at) != ',') throw bad(n, line, "labels not comma-separated");
                        at++;
                    }
                }
            }
            samples.add(new Sample(name, labels, value(n, line, m.group(4))));
        }
        return new PrometheusText(samples);
    }

    private static double value(int n, String line, String v) {
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw bad(n, line, "bad value");
                }
            }
        };
    }

    private static IllegalArgumentException bad(int n, String line, String why) {
        return new IllegalArgumentException("line " + n + ": " + why + ": " + line);
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The sum of the samples named {@code name} whose labels include every one of {@code labels} (k, v, k, v…). */
    public double sum(String name, String... labels) {
        double total = 0;
        for (Sample s : samples) {
            if (!s.name().equals(name)) continue;
            boolean match = true;
            for (int i = 0; i < labels.length; i += 2)
                match &= labels[i + 1].equals(s.labels().get(labels[i]));
            if (match) total += s.value();
        }
        return total;
    }

    public boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }
}
