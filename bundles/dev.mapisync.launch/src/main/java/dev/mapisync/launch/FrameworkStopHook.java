package dev.mapisync.launch;

import java.io.PrintStream;
import java.time.Duration;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Stops the framework when the process is asked to end (SIGTERM, SIGINT, Ctrl-C, SIGHUP): a
 * JVM shutdown hook, which bnd's launcher does not install, so that without this the stores
 * would never close. The stop is bounded: if the framework has not stopped within
 * {@link FrameworkStopConfig#stopTimeoutSeconds()} (a provider that hangs in its
 * deactivation), the process ends anyway, as if killed; the files are the truth, and the
 * stores check their indexes against them at the next start.
 *
 * <p>Messages go to the standard error stream directly: the JVM resets java.util.logging in a
 * shutdown hook of its own, which may run first.
 */
@Component(configurationPid = FrameworkStopHook.PID)
@Designate(ocd = FrameworkStopConfig.class)
public final class FrameworkStopHook {

    static final String PID = "dev.mapisync.launch";
    static final int DEFAULT_TIMEOUT_SECONDS = 15;

    private final Framework framework;
    private final Thread hook;
    private final PrintStream err = System.err;
    private volatile Duration timeout;

    @Activate
    public FrameworkStopHook(BundleContext context, FrameworkStopConfig config) {
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        if (!(system instanceof Framework running)) {
            throw new IllegalStateException("the system bundle " + system + " is not a Framework");
        }
        this.framework = running;
        this.timeout = timeout(config);
        this.hook = new Thread(this::stopFramework, "mapisync-framework-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        System.getLogger(FrameworkStopHook.class.getName()).log(System.Logger.Level.INFO, "mapisync: SIGTERM or Ctrl-C "
                + "stops the host (syncs are cancelled, stores close; at most " + timeout.toSeconds() + " s)");
    }

    @Modified
    void modified(FrameworkStopConfig config) {
        timeout = timeout(config);
    }

    private static Duration timeout(FrameworkStopConfig config) {
        int seconds = config.stopTimeoutSeconds();
        if (seconds < 1 || seconds > 600) {
            throw new IllegalArgumentException(PID + ": stopTimeoutSeconds must be from 1 to 600, was " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    @Deactivate
    void deactivate() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ending) {
            // The process is ending: the hook is what stops the framework now.
        }
    }

    /** The hook: stops the framework and waits for it, at most the timeout, then lets the process end. */
    private void stopFramework() {
        if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) == 0) {
            return; // It stopped on its own (the shell's "stop 0"), and the launcher ends the process.
        }
        Duration limit = timeout;
        long start = System.nanoTime();
        err.println("mapisync: the process was asked to end; stopping the host (at most " + limit.toSeconds() + " s)");
        try {
            framework.stop();
            FrameworkEvent stopped = framework.waitForStop(limit.toMillis());
            if (stopped.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                err.println("mapisync: the host did not stop within " + limit.toSeconds() + " s; ending anyway (the "
                        + "stores check their files at the next start)");
                err.flush();
                Runtime.getRuntime().halt(1);
            }
            err.println("mapisync: host stopped in " + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
        } catch (BundleException e) {
            err.println("mapisync: the host cannot be stopped: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        err.flush();
    }
}
