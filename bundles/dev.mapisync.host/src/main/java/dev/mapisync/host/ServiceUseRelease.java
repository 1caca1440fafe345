package dev.mapisync.host;

import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;

/**
 * Lets go of uninstalled providers that Apache Felix 7.0.5 would keep forever: its service
 * registry remembers, per bundle, each singleton service the bundle ever got (Declarative
 * Services gets ConfigurationAdmin through every component bundle), and only forgets when that
 * service is unregistered, not when the bundle is uninstalled. Each provider uninstalled would
 * keep its Bundle object and all its revisions' metadata (about 11 KB). On another framework,
 * or a Felix without that map, this does nothing.
 *
 * <p>Reaches into framework internals on purpose, as the narrowest fix until Felix releases
 * one; ProviderCyclesIT fails without it.
 */
final class ServiceUseRelease implements BundleListener {

    private final Map<?, ?> usesByBundle;

    private ServiceUseRelease(Map<?, ?> usesByBundle) {
        this.usesByBundle = usesByBundle;
    }

    /** @return the listener, or {@code null} if the framework is not one that needs it */
    static ServiceUseRelease forFramework(BundleContext context, System.Logger log) {
        Bundle framework = context.getBundle(0);
        if (!framework.getClass().getName().equals("org.apache.felix.framework.Felix")) {
            return null;
        }
        try {
            Object registry = read(framework, "m_registry");
            return new ServiceUseRelease((Map<?, ?>) read(registry, "m_inUseMap"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.log(Level.WARNING, "this Felix version's service registry is not the one known to keep uninstalled bundles ("
                    + e + "); uninstalled providers may stay in memory");
            return null;
        }
    }

    private static Object read(Object owner, String name) throws ReflectiveOperationException {
        Field field = owner.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.UNINSTALLED) {
            // An uninstalled bundle can use no service any more: what is recorded for it is only kept by mistake.
            usesByBundle.remove(event.getBundle());
        }
    }
}
