package dev.mapisync.host;

import java.lang.management.ManagementFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;

/**
 * The line the host logs once it is up: how long the JVM took to get here, and where a user
 * drops provider jars and account files (the runtime names those folders in framework
 * properties; a host embedded elsewhere may have neither). The folders are made if missing,
 * so what the line promises is there (FileInstall watches a folder once it exists).
 */
final class ReadyBanner {

    static final String DEPLOY_DIR = "mapisync.deploy.dir";
    static final String ETC_DIR = "mapisync.etc.dir";

    private ReadyBanner() {
    }

    static void makeFolders(BundleContext context, System.Logger log) {
        for (String property : new String[] {DEPLOY_DIR, ETC_DIR}) {
            String folder = context.getProperty(property);
            if (folder != null) {
                try {
                    Files.createDirectories(Path.of(folder));
                } catch (IOException | RuntimeException e) {
                    log.log(System.Logger.Level.WARNING, "cannot make the folder " + folder + " (" + property + "): " + e);
                }
            }
        }
    }

    static String text(BundleContext context) {
        StringBuilder text = new StringBuilder("mapisync host ready, ")
                .append(ManagementFactory.getRuntimeMXBean().getUptime()).append(" ms after JVM start");
        String deploy = context.getProperty(DEPLOY_DIR);
        String etc = context.getProperty(ETC_DIR);
        if (deploy != null) {
            text.append("; provider jars go into ").append(Path.of(deploy).toAbsolutePath().normalize());
        }
        if (etc != null) {
            text.append("; account files (<factory PID>-<name>.cfg) go into ").append(Path.of(etc).toAbsolutePath().normalize());
        }
        return text.toString();
    }
}
