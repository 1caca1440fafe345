package dev.mapisync.it;

import static org.junit.Assert.assertNotNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/** Runs a command through the framework's real Gogo command processor, as a user at the console would. */
final class Gogo {

    private Gogo() {
    }

    /** @return what the command printed and returned; a failing command throws */
    static String run(BundleContext context, String function, String command) throws Exception {
        ServiceTracker<CommandProcessor, CommandProcessor> tracker = new ServiceTracker<>(context, CommandProcessor.class, null);
        tracker.open();
        CommandProcessor processor = tracker.waitForService(10_000);
        assertNotNull("Gogo runs", processor);
        Await.until("the command mapisync:" + function + " is registered", () -> {
            try {
                return context.getServiceReferences((String) null, "(&(osgi.command.scope=mapisync)(osgi.command.function="
                        + function + "))") != null;
            } catch (Exception e) {
                return false;
            }
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
                CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), print, print)) {
            Object result = session.execute(command);
            if (result != null) {
                print.print(result);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
