package dev.qctl.handler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Ends a worker's job processes when the worker itself dies, however it dies (kill -9, OOM,
 * a crashed JVM). Each exec job runs in a process group of its own so that signals meant for
 * the worker do not reach it, which also means nothing ends the job when its worker is gone: it
 * would run on beside the retry another worker starts after the lease runs out.
 *
 * <p>So the first exec job starts one small {@code sh} beside the worker, in a session of its
 * own, reading the worker's pipe: {@code + PGID} when a job starts, {@code - PGID} when it has
 * ended. The kernel closes that pipe when the worker's process ends, for any reason; the
 * reaper then sends SIGTERM to every group still listed and SIGKILL five seconds later. A
 * worker that exits normally has already ended or handed back its jobs, so the list is empty.
 */
final class JobProcessReaper {
    private static final String SCRIPT = """
            groups=" "
            while read -r op pgid; do
              case "$op" in
                +) groups="$groups$pgid " ;;
                -) groups=$(printf '%s' "$groups" | sed "s/ $pgid / /") ;;
              esac
            done
            [ "$groups" = " " ] && exit 0
            for g in $groups; do kill -TERM -$g 2>/dev/null; done
            sleep 5
            for g in $groups; do kill -KILL -$g 2>/dev/null; done
            """;

    private static JobProcessReaper instance;

    private final OutputStream pipe;

    private JobProcessReaper(OutputStream pipe) {
        this.pipe = pipe;
    }

    /** The worker's reaper, started on first use; null where it cannot run (no setsid or sh). */
    static synchronized JobProcessReaper get(String setsid) {
        if (instance == null && setsid != null) {
            List<String> command = new ArrayList<>(List.of(setsid, "sh", "-c", SCRIPT));
            try {
                Process reaper = new ProcessBuilder(command)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                instance = new JobProcessReaper(reaper.getOutputStream());
            } catch (IOException e) {
                return null; // jobs still run; only the clean-up after a crash is lost
            }
        }
        return instance;
    }

    /** The job whose process group is {@code pgid} has started. */
    void started(long pgid) {
        send("+ " + pgid + "\n");
    }

    /** The job whose process group is {@code pgid} has ended: the reaper must not touch that number again. */
    void ended(long pgid) {
        send("- " + pgid + "\n");
    }

    private synchronized void send(String line) {
        try {
            pipe.write(line.getBytes(StandardCharsets.US_ASCII));
            pipe.flush();
        } catch (IOException ignored) {
            // the reaper is gone (killed by hand): jobs run as before, unguarded
        }
    }
}
