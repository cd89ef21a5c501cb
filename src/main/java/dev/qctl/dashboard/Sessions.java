package dev.qctl.dashboard;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logged-in browsers, in memory (a restarted dashboard asks everyone to log in again). Each
 * session carries its own CSRF token, which every POST must send back in a header: a page
 * from another site can make the browser send the cookie, but cannot read the token.
 */
final class Sessions {
    static final Duration IDLE = Duration.ofHours(8);
    private static final int MAX_SESSIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    record Session(String id, String user, String csrf, long expiresAtMillis) {}

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    Session open(String user) {
        long now = System.currentTimeMillis();
        if (sessions.size() >= MAX_SESSIONS) sessions.values().removeIf(s -> s.expiresAtMillis() < now);
        if (sessions.size() >= MAX_SESSIONS) sessions.clear(); // bounded memory beats keeping stale logins
        Session s = new Session(token(), user, token(), now + IDLE.toMillis());
        sessions.put(s.id(), s);
        return s;
    }

    /** The live session of that cookie value, its idle expiry pushed back. */
    Optional<Session> find(String id) {
        if (id == null) return Optional.empty();
        Session s = sessions.get(id);
        long now = System.currentTimeMillis();
        if (s == null) return Optional.empty();
        if (s.expiresAtMillis() < now) {
            sessions.remove(id);
            return Optional.empty();
        }
        Session renewed = new Session(s.id(), s.user(), s.csrf(), now + IDLE.toMillis());
        sessions.put(id, renewed);
        return Optional.of(renewed);
    }

    void close(String id) {
        if (id != null) sessions.remove(id);
    }

    private static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
