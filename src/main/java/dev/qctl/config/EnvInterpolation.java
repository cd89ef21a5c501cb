package dev.qctl.config;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}} and {@code ${VAR:-default}} in qctl.yml string values, from the environment.
 * {@code $$} is a literal {@code $}. An unset variable without a default is an error, so a
 * missing secret never silently becomes an empty password.
 */
final class EnvInterpolation {
    private static final Pattern REF = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Function<String, String> env;

    EnvInterpolation(Function<String, String> env) {
        this.env = env;
    }

    /** The interpolated text; throws {@link IllegalArgumentException} naming an unset variable. */
    String apply(String text) {
        if (text.indexOf('$') < 0) return text;
        Matcher m = REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else {
                String value = env.apply(m.group(1));
                if (value == null || (value.isEmpty() && m.group(2) != null)) value = m.group(2);
                if (value == null)
                    throw new IllegalArgumentException("environment variable " + m.group(1) + " is not set (write ${"
                            + m.group(1) + ":-default} to give a default)");
                replacement = value;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        if (REF.matcher(text).replaceAll("").contains("${")) {
            throw new IllegalArgumentException("malformed ${…} reference: write ${NAME} or ${NAME:-default}");
        }
        return out.toString();
    }
}
