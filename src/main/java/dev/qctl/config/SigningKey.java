package dev.qctl.config;

import dev.qctl.base.DataDirs;
import dev.qctl.base.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret that signs raw jobs and encrypts job data. Looked for in {@code $QCTL_SIGNING_KEY},
 * then the config's {@code signing_key_file:}, then the auto-created local key
 * {@code <data dir>/signing.key} (next to the default SQLite store, see {@link DataDirs}).
 * Two keys are derived from the secret (HMAC-SHA256 of fixed labels), so the same bytes are
 * never used by two algorithms. Its value is never printed.
 */
public final class SigningKey {
    public static final String ENV = "QCTL_SIGNING_KEY";
    private final byte[] secret;
    private final String source;

    private SigningKey(byte[] secret, String source) {
        this.secret = secret;
        this.source = source;
    }

    public static SigningKey of(String secret, String source) {
        if (secret == null || secret.strip().length() < 16)
            throw new UsageException("the signing key from " + source + " is shorter than 16 characters");
        return new SigningKey(secret.strip().getBytes(StandardCharsets.UTF_8), source);
    }

    /** The key this machine holds, if any. */
    public static Optional<SigningKey> find(QctlConfig config, Function<String, String> env) {
        String value = env.apply(ENV);
        if (value != null && !value.isBlank()) return Optional.of(of(value, "$" + ENV));
        if (config.signingKeyFile() != null)
            return Optional.of(read(config.signingKeyFile(), "signing_key_file " + config.signingKeyFile()));
        Path auto = autoFile();
        return Files.isRegularFile(auto) ? Optional.of(read(auto, auto.toString())) : Optional.empty();
    }

    /**
     * For a long-running worker: {@link #find} now (so a broken key setting stops it at start),
     * and again later while none is found, so a local key that the first `qctl dispatch`
     * creates after the worker started is still picked up. Once found, a key is kept.
     */
    public static Supplier<Optional<SigningKey>> lookup(QctlConfig config, Function<String, String> env) {
        AtomicReference<SigningKey> found =
                new AtomicReference<>(find(config, env).orElse(null));
        return () -> {
            SigningKey key = found.get();
            if (key != null) return Optional.of(key);
            Optional<SigningKey> now = find(config, env);
            now.ifPresent(found::set);
            return now;
        };
    }

    /**
     * As {@link #find}, but with no key and no qctl.yml at all, creates the local key, so that
     * `qctl dispatch -- cmd` then `qctl work` on one machine work with zero setup while an
     * unsigned payload written straight into the store is still refused.
     */
    public static Optional<SigningKey> findOrCreate(QctlConfig config, Function<String, String> env) {
        Optional<SigningKey> found = find(config, env);
        if (found.isPresent() || config.exists()) return found;
        return Optional.of(create(autoFile()));
    }

    /** {@code <data dir>/signing.key}: private to whoever owns the default store. */
    public static Path autoFile() {
        return DataDirs.dataHome().resolve("signing.key");
    }

    private static SigningKey read(Path file, String source) {
        try {
            return of(Files.readString(file, StandardCharsets.UTF_8), source);
        } catch (IOException e) {
            throw new UsageException("cannot read the signing key from " + source + ": "
                    + e.getClass().getSimpleName());
        }
    }

    /** Writes a fresh key with mode 0600, atomically: a racing process reads the one that won. */
    private static SigningKey create(Path file) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n";
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(
                    file.getParent(),
                    "signing",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException e) {
                // another dispatcher made one first: use it
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new UsageException("cannot create the local signing key " + file + ": " + e.getMessage());
        }
        return read(file, file.toString());
    }

    /** The HMAC-SHA256 key for payload signatures. */
    public byte[] macKey() {
        return derive("qctl signing v1");
    }

    /** The AES-256 key for encrypted job data. */
    public byte[] encryptionKey() {
        return derive("qctl encryption v1");
    }

    /** Where the key came from, for messages ("$QCTL_SIGNING_KEY", a file path). */
    public String source() {
        return source;
    }

    private byte[] derive(String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey(" + source + ", ***)";
    }
}
