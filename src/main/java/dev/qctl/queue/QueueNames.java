package dev.qctl.queue;

import dev.qctl.base.UsageException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one rule for a queue name, wherever one is taken (a flag, a list, a --from line,
 * qctl.yml): one name, at most {@link #MAX_LENGTH} characters, without commas, whitespace or
 * control characters. A name that breaks it would create a queue no worker reaches: a comma
 * is the list separator of {@code work --queue=a,b}, and whitespace or a control character is
 * invisible in logs and unit names.
 */
public final class QueueNames {
    /** Laravel's {@code jobs.queue} column is a {@code varchar(255)}. */
    public static final int MAX_LENGTH = 255;

    private QueueNames() {}

    /**
     * The name, unchanged, if it is valid; else a one-line usage error.
     *
     * @param source where the name came from, for the message ({@code --queue}, {@code "queue"})
     */
    public static String check(String name, String source) {
        if (name == null || name.isEmpty()) throw new UsageException(source + " is empty: give a queue name");
        if (name.length() > MAX_LENGTH) {
            throw new UsageException(
                    source + " is " + name.length() + " characters long; a queue name has at most " + MAX_LENGTH);
        }
        if (name.indexOf(',') >= 0) {
            throw new UsageException(
                    source + " '" + name + "' is not one queue name: a name has no commas (a job goes on one queue)");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) {
                throw new UsageException(
                        source + " " + shown(name) + " holds a control character (at position " + (i + 1) + ")");
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                throw new UsageException(
                        source + " " + shown(name) + " holds whitespace (at position " + (i + 1) + ")");
            }
        }
        return name;
    }

    /**
     * The names of a list option such as {@code work --queue=high,default}, each checked; the
     * empty elements of a stray comma ({@code high,}) are dropped, and at least one must remain.
     */
    public static List<String> checkList(List<String> names, String source) {
        List<String> checked = new ArrayList<>();
        for (String name : names == null ? List.<String>of() : names) {
            if (!name.isEmpty()) checked.add(check(name, source));
        }
        if (checked.isEmpty()) throw new UsageException(source + " names no queue");
        return List.copyOf(checked);
    }

    /** The name quoted, with control characters escaped so the message stays one line. */
    private static String shown(String name) {
        StringBuilder s = new StringBuilder("'");
        for (char c : name.toCharArray()) {
            if (Character.isISOControl(c)) s.append(String.format("\\u%04x", (int) c));
            else s.append(c);
        }
        return s.append('\'').toString();
    }
}
