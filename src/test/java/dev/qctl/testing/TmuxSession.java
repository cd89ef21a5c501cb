package dev.qctl.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A detached tmux session: a real terminal for a command, read back with capture-pane. */
public final class TmuxSession implements AutoCloseable {
    private final String name = "qctl-" + UUID.randomUUID().toString().substring(0, 8);

    /** Starts {@code shellCommand} in a new session of the given size; returns tmux's exit status. */
    public int start(int width, int height, String shellCommand) throws IOException, InterruptedException {
        return tmux(
                "new-session",
                "-d",
                "-s",
                name,
                "-x",
                Integer.toString(width),
                "-y",
                Integer.toString(height),
                shellCommand);
    }

    /** Runs a tmux command against this session (send-keys, resize-window…), e.g. {@code run("send-keys", "q")}. */
    public int run(String command, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(command, "-t", name));
        all.addAll(List.of(args));
        return tmux(all.toArray(String[]::new));
    }

    /** What the pane shows now. */
    public String capture() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tmux", "capture-pane", "-p", "-t", name)
                .redirectErrorStream(true)
                .start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return text;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        tmux("kill-session", "-t", name);
    }

    private static int tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
                .waitFor();
    }
}
