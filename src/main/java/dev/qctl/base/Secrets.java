package dev.qctl.base;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Masks what may be secret before anything is printed or logged: the one place that knows how. */
public final class Secrets {
    public static final String MASK = "***";

    /** Headers whose values are harmless to show; every other header value is masked. */
    private static final Set<String> PLAIN_HEADERS = Set.of("content-type", "accept", "user-agent", "accept-language");

    /**
     * {@code scheme://user:password@}: greedy up to the last '@', as a password may hold '@' and,
     * typed unescaped, '/' (which ends the authority for a URL parser, but is still the password
     * the user wrote: masking a stray '@' in a path too is the safe side).
     */
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/@:]*:).*@");

    /** Query parameters whose names look like credentials. */
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)([?&][^=&]*(password|passwd|pass|pwd|token|key|secret|sig|auth|credential)[^=&]*=)[^&]*");

    /**
     * {@code scheme://user:password@} inside free text (a log message, an exception's text): as
     * {@link #URL_PASSWORD}, but a URL ends at whitespace or a quote, so the match never runs on
     * into the words or JSON around it.
     */
    private static final Pattern TEXT_URL_PASSWORD = Pattern.compile("(://[^/@:\\s\"'<>]*:)[^\\s\"'<>]*@");

    /** {@link #SECRET_PARAM} inside free text: the value ends at whitespace, a quote or the next parameter. */
    private static final Pattern TEXT_SECRET_PARAM = Pattern.compile(
            "(?i)([?&][^=&\\s\"'<>]*(password|passwd|pass|pwd|token|key|secret|sig|auth|credential)[^=&\\s\"'<>]*=)[^&\\s\"'<>]*");

    /** Field names that look like credentials, wherever they appear (query parameters, JSON data). */
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(password|passwd|pass|pwd|token|key|secret|sig|auth|credential).*");

    private Secrets() {}

    /** Whether a field of that name should be shown masked (a job's data field {@code api_token}, say). */
    public static boolean isSecretName(String name) {
        return name != null && SECRET_NAME.matcher(name).matches();
    }

    /** A URL without its password and without the values of query parameters that look like credentials. */
    public static String url(String url) {
        if (url == null) return null;
        String masked = URL_PASSWORD.matcher(url).replaceAll("$1" + MASK + "@");
        return SECRET_PARAM.matcher(masked).replaceAll("$1" + MASK);
    }

    /**
     * Free text with the password of every URL in it masked, and the values of credential-like
     * query parameters: for what qctl does not build itself, such as a driver's log message or
     * exception text, which may quote a connection URL.
     */
    public static String text(String text) {
        if (text == null || text.indexOf("://") < 0 && text.indexOf('=') < 0) return text;
        String masked = TEXT_URL_PASSWORD.matcher(text).replaceAll("$1" + MASK + "@");
        return TEXT_SECRET_PARAM.matcher(masked).replaceAll("$1" + MASK);
    }

    public static String header(String name, String value) {
        return PLAIN_HEADERS.contains(name.toLowerCase(Locale.ROOT)) ? value : MASK;
    }
}
