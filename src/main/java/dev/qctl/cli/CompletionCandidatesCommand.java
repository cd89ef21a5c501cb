package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import dev.qctl.config.AlertSpec;
import dev.qctl.config.ConfigLocator;
import dev.qctl.config.HandlerSpec;
import dev.qctl.config.QctlConfig;
import dev.qctl.config.ScheduleSpec;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What the completion scripts offer after {@code --queue} and {@code -c/--connection}: the queue
 * and connection names qctl.yml mentions, one a line. Hidden; the shell calls it on TAB, so a
 * missing or broken qctl.yml gives no names rather than an error.
 */
@Command(name = "completion-candidates", hidden = true, description = "Names from qctl.yml for shell completion.")
final class CompletionCandidatesCommand extends Subcommand {
    enum Kind {
        queues,
        connections
    }

    @Parameters(index = "0", paramLabel = "queues|connections")
    Kind kind;

    @Option(names = "--config", paramLabel = "FILE")
    String configFile;

    @Override
    public Integer call() {
        Set<String> names;
        try {
            QctlConfig config = ConfigLocator.load(configFile);
            names = kind == Kind.queues ? queues(config) : connections(config);
        } catch (RuntimeException e) {
            return ExitCodes.OK;
        }
        names.forEach(out()::println);
        out().flush();
        return ExitCodes.OK;
    }

    private static Set<String> connections(QctlConfig config) {
        Set<String> names = new TreeSet<>(config.connections().keySet());
        names.addAll(config.unusable().keySet());
        return names;
    }

    private static Set<String> queues(QctlConfig config) {
        Set<String> names = new TreeSet<>();
        names.add(config.defaults().queue() != null ? config.defaults().queue() : "default");
        for (HandlerSpec handler : config.handlers().values()) if (handler.queue() != null) names.add(handler.queue());
        for (AlertSpec alert : config.alerts().values()) {
            names.addAll(alert.queues());
            if (alert.queue() != null) names.add(alert.queue());
            if (alert.when() instanceof AlertSpec.NoWorkers(String watched)) names.add(watched);
        }
        for (ScheduleSpec entry : config.schedule().values())
            for (ScheduleSpec.Dispatch dispatch :
                    new ScheduleSpec.Dispatch[] {entry.dispatch(), entry.onFailure(), entry.onSuccess()})
                if (dispatch != null && dispatch.queue() != null) names.add(dispatch.queue());
        return names;
    }
}
