package dev.qctl.cli;

import java.io.PrintWriter;
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

    /** Where notes and warnings go: stderr unless a test says otherwise. */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
