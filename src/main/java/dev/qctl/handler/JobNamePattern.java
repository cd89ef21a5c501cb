package dev.qctl.handler;

import dev.qctl.queue.Payload;
import java.util.regex.Pattern;

/**
 * A qctl.yml {@code match:} glob ({@code *} any run of characters, {@code ?} one; everything
 * else literal, so {@code App\Jobs\*} means what it says) binding payloads by their
 * {@code displayName} or {@code job} to the handler {@code handler}.
 */
public record JobNamePattern(String glob, String handler, Pattern regex) {

    public JobNamePattern(String glob, String handler) {
        this(glob, handler, compile(glob));
    }

    public boolean matches(Payload payload) {
        String display = payload.displayName();
        String job = payload.job();
        return (display != null && regex.matcher(display).matches())
                || (job != null && regex.matcher(job).matches());
    }

    private static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            if (ch == '*' || ch == '?') {
                if (!literal.isEmpty()) regex.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
                regex.append(ch == '*' ? ".*" : ".");
            } else literal.append(ch);
        }
        if (!literal.isEmpty()) regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
