package dev.mapisync.it;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import org.ops4j.pax.exam.Option;

/** The bundles of this build, found through the paths Maven hands the tests. */
final class TestBundles {

    private TestBundles() {
    }

    /**
     * @param name the suffix of the {@code mapisync.bundle.*} system property, for example {@code api}
     * @return the bundle's jar, checked to exist
     */
    static File jar(String name) {
        String path = System.getProperty("mapisync.bundle." + name);
        if (path == null || path.isBlank()) {
            throw new IllegalStateException("system property mapisync.bundle." + name
                    + " is not set: run the tests through Maven (mvn verify)");
        }
        File file = new File(path);
        if (!file.isFile()) {
            throw new IllegalStateException("bundle jar " + file + " (mapisync.bundle." + name + ") does not exist");
        }
        return file;
    }

    /** @return the options every test framework shares: JUnit and quiet logging */
    static Option base() {
        return composite(
                junitBundles(),
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
    }

    /**
     * @param name the suffix of the {@code mapisync.bundle.*} system property
     * @return an option installing and starting that bundle
     */
    static Option mapisync(String name) {
        return bundle(jar(name).toURI().toString());
    }
}
