package dev.mapisync.host;

import dev.mapisync.api.host.ProviderProblem;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.transport.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The store and transport components that could not start, as SCR knows them (a setting the
 * provider refused, an activation that threw): each a provider problem naming its account
 * (the configuration's {@code account}, else its PID) and the reason in one line: the
 * message of the deepest cause, never the stack trace.
 *
 * <p>Looked up again only when SCR's {@code service.changecount} moved (or, where SCR keeps
 * none, once a second): SCR builds a DTO of every configuration and every bound reference
 * for it, which with 1,000 accounts took a whole CPU when the dashboard asked ten times a
 * second during a round, and slowed every sync.
 */
final class FailedProviders {

    private static final Set<String> SERVED = Set.of(MessageStore.class.getName(), Transport.class.getName());
    private static final long UNCOUNTED_MILLIS = 1_000;

    private Object seenCount;
    private long seenAt;
    private List<ProviderProblem> seen = List.of();

    /** @param counted SCR's service reference, whose change count says whether anything changed */
    synchronized List<ProviderProblem> problems(ServiceComponentRuntime scr, ServiceReference<?> counted) {
        Object count = counted == null ? null : counted.getProperty(Constants.SERVICE_CHANGECOUNT);
        long now = System.currentTimeMillis();
        boolean same = count != null ? count.equals(seenCount) : now - seenAt < UNCOUNTED_MILLIS;
        if (!same || seenAt == 0) {
            seen = List.copyOf(lookUp(scr));
            seenCount = count;
            seenAt = now;
        }
        return seen;
    }

    private static List<ProviderProblem> lookUp(ServiceComponentRuntime scr) {
        List<ProviderProblem> problems = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (description.serviceInterfaces == null
                    || java.util.Arrays.stream(description.serviceInterfaces).noneMatch(SERVED::contains)) {
                continue;
            }
            for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                if (configuration.state != ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    continue;
                }
                Object pid = configuration.properties.get("service.pid");
                Object account = configuration.properties.get("account");
                String which = account != null ? "account " + account + (pid != null ? " (" + pid + ")" : "")
                        : "component " + description.name + (pid != null ? " (" + pid + ")" : "");
                problems.add(new ProviderProblem(description.bundle.symbolicName, description.bundle.version,
                        which + " cannot start: " + reason(configuration.failure)));
            }
        }
        return problems;
    }

    /** @return the message of the deepest cause in a failure's text (a stack trace), in one line */
    static String reason(String failure) {
        if (failure == null || failure.isBlank()) {
            return "its activation failed";
        }
        String line = failure.lines().findFirst().orElse("");
        for (String next : (Iterable<String>) failure.lines()::iterator) {
            if (next.startsWith("Caused by: ")) {
                line = next.substring("Caused by: ".length());
            }
        }
        // "java.lang.IllegalArgumentException: text" -> "text"
        int colon = line.indexOf(": ");
        boolean typed = colon > 0 && line.substring(0, colon).matches("[\\w.$]+");
        String text = typed ? line.substring(colon + 2) : line;
        return text.isBlank() ? line.strip() : text.strip();
    }
}
