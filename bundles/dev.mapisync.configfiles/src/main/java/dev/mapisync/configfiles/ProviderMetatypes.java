package dev.mapisync.configfiles;

import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/** Finds the Metatype description of a PID among the installed bundles, looked up at each use (providers come and go). */
final class ProviderMetatypes {

    private final BundleContext context;
    private final Supplier<MetaTypeService> service;

    ProviderMetatypes(BundleContext context, Supplier<MetaTypeService> service) {
        this.context = context;
        this.service = service;
    }

    /** @return the definition of the PID or factory PID, or {@code null} if no installed bundle describes it */
    ObjectClassDefinition definition(String pid) {
        MetaTypeService service = this.service.get();
        if (service == null) {
            return null;
        }
        for (Bundle bundle : context.getBundles()) {
            MetaTypeInformation information = service.getMetaTypeInformation(bundle);
            if (information == null) {
                continue;
            }
            if (contains(information.getFactoryPids(), pid) || contains(information.getPids(), pid)) {
                try {
                    return information.getObjectClassDefinition(pid, null);
                } catch (IllegalArgumentException noDefinition) {
                    return null;
                }
            }
        }
        return null;
    }

    private static boolean contains(String[] pids, String pid) {
        if (pids != null) {
            for (String candidate : pids) {
                if (candidate.equals(pid)) {
                    return true;
                }
            }
        }
        return false;
    }
}
