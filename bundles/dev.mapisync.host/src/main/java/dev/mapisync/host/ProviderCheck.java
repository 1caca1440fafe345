package dev.mapisync.host;

import dev.mapisync.api.host.ProviderProblem;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Finds the installed bundles that need a mapisync API package no bundle here offers in the
 * version range they ask for (a provider built against another major version), says so in the
 * log when such a bundle arrives, and lists them for the status.
 */
final class ProviderCheck implements BundleListener {

    private static final String API = "dev.mapisync.api";
    private static final Pattern PACKAGE = Pattern.compile("\\(osgi\\.wiring\\.package=([^)]+)\\)");
    private static final Pattern LOW = Pattern.compile("\\(version>=([^)]+)\\)");
    private static final Pattern HIGH = Pattern.compile("\\(!\\(version>=([^)]+)\\)\\)");

    private final BundleContext context;
    private final System.Logger log;

    ProviderCheck(BundleContext context, System.Logger log) {
        this.context = context;
        this.log = log;
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.INSTALLED || event.getType() == BundleEvent.UPDATED) {
            for (ProviderProblem problem : problems(event.getBundle())) {
                log.log(Level.ERROR, "provider " + problem.bundle() + " " + problem.version() + " cannot run here: "
                        + problem.problem());
            }
        }
    }

    List<ProviderProblem> problems() {
        List<ProviderProblem> problems = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getState() == Bundle.INSTALLED) {
                problems.addAll(problems(bundle));
            }
        }
        return problems;
    }

    private List<ProviderProblem> problems(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        List<ProviderProblem> problems = new ArrayList<>();
        if (revision == null || wiring == null) {
            return problems;
        }
        for (BundleRequirement requirement : revision.getDeclaredRequirements(BundleRevision.PACKAGE_NAMESPACE)) {
            String filter = requirement.getDirectives().getOrDefault("filter", "");
            Matcher name = PACKAGE.matcher(filter);
            if (!name.find() || !name.group(1).startsWith(API)
                    || "optional".equals(requirement.getDirectives().get("resolution"))) {
                continue;
            }
            if (wiring.findProviders(requirement).isEmpty()) {
                problems.add(new ProviderProblem(String.valueOf(bundle.getSymbolicName()), bundle.getVersion().toString(),
                        "it needs package " + name.group(1) + " " + range(filter) + ", and this host offers "
                                + offered(name.group(1))));
            }
        }
        return problems;
    }

    private static String range(String filter) {
        Matcher low = LOW.matcher(filter);
        Matcher high = HIGH.matcher(filter);
        String from = low.find() ? low.group(1) : "0.0.0";
        return high.find() ? "in versions [" + from + "," + high.group(1) + ")" : "in version " + from + " or later";
    }

    private String offered(String packageName) {
        List<String> versions = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            BundleRevision revision = bundle.adapt(BundleRevision.class);
            if (revision == null) {
                continue;
            }
            for (BundleCapability capability : revision.getDeclaredCapabilities(BundleRevision.PACKAGE_NAMESPACE)) {
                if (packageName.equals(capability.getAttributes().get(BundleRevision.PACKAGE_NAMESPACE))) {
                    versions.add(String.valueOf(capability.getAttributes().get("version")));
                }
            }
        }
        return versions.isEmpty() ? "none" : "version " + String.join(", ", versions);
    }
}
