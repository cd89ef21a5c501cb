package dev.qctl.config;

import java.util.Locale;
import java.util.Set;

/** Masks what may be secret before anything about the config is printed. */
public final class Secrets {
    public static final String MASK = "***";
    /** Headers whose values are harmless to show; every other header value is masked. */
    private static final Set<String> PLAIN_HEADERS = Set.of("content-type", "accept", "user-agent", "accept-language");

    private Secrets() {}

    /** A URL without its password and without the values of query parameters that look like credentials. */
    public static String url(String url) {
        String masked = ConnectionUrl.redact(url);
        return masked.replaceAll("(?i)([?&][^=&]*(token|key|secret|sig|auth|pass|pwd|credential)[^=&]*=)[^&]*", "$1" + MASK);
    }

    public static String header(String name, String value) {
        return PLAIN_HEADERS.contains(name.toLowerCase(Locale.ROOT)) ? value : MASK;
    }
}
