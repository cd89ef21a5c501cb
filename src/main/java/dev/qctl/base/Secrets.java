package dev.qctl.base;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Masks what may be secret before anything is printed or logged: the one place that knows how. */
public final class Secrets {
    public static final String MASK = "***";

    /** Headers whose values are harmless to show; every other header value is masked. */
    private static final Set<String> PLAIN_HEADERS = Set.of("content-type", "accept", "user-agent", "accept-language");

    /** {@code scheme://user:password@}: greedy up to the last '@' before the path, as a password may hold '@'. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/@:]*:)[^/]*@");

    /** Query parameters whose names look like credentials. */
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)([?&][^=&]*(password|passwd|pass|pwd|token|key|secret|sig|auth|credential)[^=&]*=)[^&]*");

    private Secrets() {}

    /** A URL without its password and without the values of query parameters that look like credentials. */
    public static String url(String url) {
        if (url == null) return null;
        String masked = URL_PASSWORD.matcher(url).replaceAll("$1" + MASK + "@");
        return SECRET_PARAM.matcher(masked).replaceAll("$1" + MASK);
    }


    public static String header(String name, String value) {
        return PLAIN_HEADERS.contains(name.toLowerCase(Locale.ROOT)) ? value : MASK;
    }
}
