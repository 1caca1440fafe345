package dev.mapisync.it.providers;

import dev.mapisync.api.store.MessageStore;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * {@value #COUNT} {@link SlowCancelStore}s (SlowCancel0, SlowCancel1, ...): the calls a host
 * must not let hold up other stores.
 */
@Component(immediate = true, service = {})
public class SlowCancelStores {

    public static final int COUNT = 20;

    private final List<ServiceRegistration<MessageStore>> registrations = new ArrayList<>();

    @Activate
    public SlowCancelStores(BundleContext context) {
        for (int i = 0; i < COUNT; i++) {
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("mapisync.sync.interval", 0L);
            registrations.add(context.registerService(MessageStore.class, new SlowCancelStore("SlowCancel" + i), properties));
        }
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(ServiceRegistration::unregister);
    }
}
