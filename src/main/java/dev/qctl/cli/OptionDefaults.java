package dev.qctl.cli;

import dev.qctl.base.QctlException;
import dev.qctl.config.ConfigLocator;
import dev.qctl.config.JobDefaults;
import dev.qctl.config.QctlConfig;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The one precedence for options that qctl.yml's {@code defaults:} can set: the flag, then
 * the environment ({@code QCTL_QUEUE}, {@code QCTL_TRIES}, {@code QCTL_TIMEOUT},
 * {@code QCTL_BACKOFF}, {@code QCTL_SLEEP}), then qctl.yml, then qctl's built-in value.
 * Each command says which of its options take part.
 */
final class OptionDefaults implements IDefaultValueProvider {
    /** Artisan's defaults (timeout 60, sleep 3) and qctl's (one try, no backoff, the default queue). */
    private static final Map<String, String> BUILT_IN =
            Map.of("queue", "default", "tries", "1", "timeout", "60", "backoff", "0", "sleep", "3s");

    private final Set<String> keys;
    private final String configFlag;
    private final Function<String, String> env;

    /**
     * @param keys       the options (long names without dashes) this command takes defaults for
     * @param configFlag the {@code --config} value on the command line, or null
     */
    OptionDefaults(Set<String> keys, String configFlag, Function<String, String> env) {
        this.keys = keys;
        this.configFlag = configFlag;
        this.env = env;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) return null;
        String key = option.longestName().replaceFirst("^--", "");
        if (!keys.contains(key)) return null;
        String fromEnv = env.apply("QCTL_" + key.toUpperCase(Locale.ROOT));
        if (fromEnv != null && !fromEnv.isBlank()) return fromEnv;
        String fromFile = fromFile(key);
        return fromFile != null ? fromFile : BUILT_IN.get(key);
    }

    private String fromFile(String key) {
        JobDefaults defaults;
        try {
            defaults = config().defaults();
        } catch (QctlException e) {
            return null; // a broken qctl.yml is reported, with its line, when the command reads it
        }
        Object value = switch (key) {
            case "queue" -> defaults.queue();
            case "tries" -> defaults.tries();
            case "timeout" -> defaults.timeout();
            case "backoff" -> defaults.backoff();
            case "sleep" -> defaults.sleep() == null ? null : defaults.sleep().toMillis() + "ms";
            default -> null;
        };
        return value == null ? null : value.toString();
    }

    private QctlConfig config() {
        return ConfigLocator.load(configFlag);
    }

    /** The {@code --config FILE} or {@code --config=FILE} among the arguments, else null. */
    static String configFlag(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) break;
            if (args[i].equals("--config") && i + 1 < args.length) return args[i + 1];
            if (args[i].startsWith("--config=")) return args[i].substring("--config=".length());
        }
        return null;
    }
}
