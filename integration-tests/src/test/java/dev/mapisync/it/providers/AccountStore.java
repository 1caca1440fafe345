package dev.mapisync.it.providers;

import dev.mapisync.api.Identity;
import dev.mapisync.api.Status;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.sync.SyncHandle;
import dev.mapisync.api.sync.SyncProgressCallback;
import dev.mapisync.api.sync.SyncRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.apache.commons.lang3.StringUtils;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A store per configured account (factory PID {@value AccountConfig#PID}), as real providers
 * have. Its display name tells which bundle version serves it and which version of its private
 * dependency (Apache Commons Lang, embedded in the bundle) that bundle carries.
 */
@Component(service = MessageStore.class, configurationPid = AccountConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = "mapisync.sync.interval:Long=0")
@Designate(ocd = AccountConfig.class, factory = true)
public class AccountStore extends TestStore {

    private final String account;
    private final String servedBy;
    private final long stepMillis;

    @Activate
    public AccountStore(BundleContext context, AccountConfig config) {
        account = config.account();
        stepMillis = config.stepMillis();
        servedBy = context.getBundle().getVersion() + " with commons-lang3 " + libraryVersion() + " port " + config.port()
                + " " + config.security();
    }

    @Override
    public Identity identity() {
        return new Identity(account, StringUtils.abbreviate(account, 40) + " via " + servedBy);
    }

    /** Read through the library's own class, so it is the copy this bundle loads. */
    private static String libraryVersion() {
        try (InputStream in = StringUtils.class.getResourceAsStream(
                "/META-INF/maven/org.apache.commons/commons-lang3/pom.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unreadable";
        }
    }

    @Override
    public SyncHandle synchronizeInBackground(SyncRequest request) {
        TestHandle handle = new TestHandle();
        SyncProgressCallback callback = request.callback();
        request.session().executor().execute(() -> {
            Status end = Status.SUCCESS;
            try {
                for (int i = 0; i < 10; i++) {
                    if (handle.cancelled()) {
                        end = Status.CANCELLED;
                        break;
                    }
                    callback.progress(servedBy + ": step " + i, i, 10);
                    Thread.sleep(stepMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                end = Status.CANCELLED;
            }
            handle.finish(callback, end);
        });
        return handle;
    }
}
