package dev.mapisync.host;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/** The bundle behind a store or transport service, as status and events name it. */
record Provider(String symbolicName, String version) {

    static Provider of(ServiceReference<?> reference) {
        Bundle bundle = reference.getBundle();
        if (bundle == null) {
            return new Provider("(unregistered)", "0.0.0");
        }
        return new Provider(String.valueOf(bundle.getSymbolicName()), bundle.getVersion().toString());
    }

    @Override
    public String toString() {
        return symbolicName + " " + version;
    }
}
