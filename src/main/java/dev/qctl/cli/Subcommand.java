package dev.qctl.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every qctl command shares: it writes through picocli's streams (so a test can run it in
 * process and read what it printed) and returns one of {@link dev.qctl.base.ExitCodes}.
 */
abstract class Subcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Where results go: stdout unless a test says otherwise. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /**
     * The one rule for commands that delete more than the one job named on their command line
     * (flush, prune-failed, clear): on a terminal they ask; off one they need --force, and the
     * refusal gives the command line to run with it. ({@code forget ID} deletes only the job it
     * names and never asks, as in artisan.)
     */
    boolean confirm(String question, boolean force) {
        List<String> words = new ArrayList<>(List.of("qctl"));
        words.addAll(spec.root().commandLine().getParseResult().originalArgs());
        words.add("--force");
        return Terminal.confirm(
                question,
                force,
                String.join(
                        " ", words.stream().map(ConnectionOptions::shellWord).toList()));
    }

    /** Where notes and warnings go: stderr unless a test says otherwise. */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
