package dev.qctl.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every unit under systemd/ passes {@code systemd-analyze verify} (Debian's systemd package; no
 * running systemd needed). Only the binary's path differs from the shipped files: verify checks
 * that ExecStart= is executable, and /opt/qctl is not installed here.
 */
class SystemdUnitsTest {
    @TempDir
    Path dir;

    @Test
    void everyShippedUnitVerifies() throws Exception {
        Path qctl = dir.resolve("qctl");
        Files.writeString(qctl, "#!/bin/sh\n");
        Files.setPosixFilePermissions(qctl, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> units = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("systemd"))) {
            for (Path unit : files.sorted().toList()) {
                String name = unit.getFileName().toString();
                // a template verifies as an instance of it
                String as = name.endsWith("@.service") ? name.replace("@.service", "@mailbox-sync.service") : name;
                Files.writeString(
                        dir.resolve(as), Files.readString(unit).replace("/opt/qctl/bin/qctl", qctl.toString()));
                units.add(dir.resolve(as).toString());
            }
        }
        assertThat(units)
                .extracting(u -> Path.of(u).getFileName().toString())
                .contains(
                        "qctl-worker@mailbox-sync.service",
                        "qctl-workers.target",
                        "qctl-schedule.service",
                        "qctl-schedule.timer");

        List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify", "--man=no"));
        command.addAll(units);
        Process verify = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verify.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(verify.exitValue()).as(out).isZero();
        assertThat(out).as("systemd-analyze warns about nothing").isBlank();
    }

    @Test
    void theWorkerUnitHasTheHardeningAndStopSettings() throws IOException {
        String unit = Files.readString(Path.of("systemd", "qctl-worker@.service"));
        assertThat(unit)
                .contains("Restart=always")
                .contains("KillSignal=SIGTERM")
                .contains("TimeoutStopSec=3600")
                .contains("--stop-timeout=3540")
                .contains("NoNewPrivileges=yes")
                .contains("ProtectSystem=strict")
                .contains("PrivateTmp=yes")
                .contains("User=qctl");
        String timer = Files.readString(Path.of("systemd", "qctl-schedule.timer"));
        assertThat(timer).contains("OnCalendar=*-*-* *:*:00").contains("AccuracySec=1s");
    }
}
