package dev.qctl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.jar.Manifest;
import picocli.CommandLine.IVersionProvider;

/** Reads the version, commit and build date Maven wrote into the jar's manifest. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        if (version == null) return new String[] {"qctl (development build) on Java " + Runtime.version()};
        Manifest manifest = manifest();
        String commit = manifest == null ? null : manifest.getMainAttributes().getValue("Qctl-Commit");
        String built = manifest == null ? null : manifest.getMainAttributes().getValue("Qctl-Build-Date");
        return new String[] {
            "qctl " + version + " (commit " + (commit == null ? "unknown" : commit) + ", built "
                    + (built == null ? "unknown" : built) + ") on Java " + Runtime.version()
        };
    }

    /** qctl.jar's own manifest: the class's code source, not whichever jar the loader finds first. */
    private static Manifest manifest() {
        URL jar = VersionProvider.class.getProtectionDomain().getCodeSource().getLocation();
        try (InputStream in = new URL("jar:" + jar + "!/META-INF/MANIFEST.MF").openStream()) {
            return new Manifest(in);
        } catch (IOException e) {
            return null;
        }
    }
}
