package dev.mapisync.launch;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.log.LoggerFactory;

/**
 * Offers {@link OneLineLog} as soon as this bundle starts. An activator, not a DS component:
 * SCR is the first to log through it, and the log must be there for SCR's own messages.
 */
public final class LogActivator implements BundleActivator {

    private ServiceRegistration<LoggerFactory> registration;

    @Override
    public void start(BundleContext context) {
        registration = context.registerService(LoggerFactory.class,
                new OneLineLog(context.getProperty(OneLineLog.LEVEL), System.err), null);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
    }
}
