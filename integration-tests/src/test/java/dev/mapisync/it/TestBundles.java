package dev.mapisync.it;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.streamBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.options.UrlProvisionOption;
import org.ops4j.pax.tinybundles.TinyBundle;
import org.ops4j.pax.tinybundles.TinyBundles;

/** The bundles of this build and of the runtime, found through the paths Maven hands the tests. */
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
    static UrlProvisionOption mapisync(String name) {
        return bundle(jar(name).toURI().toString());
    }

    /** @return Declarative Services, Log, ConfigAdmin, Metatype and EventAdmin, as in the runnable host */
    static Option runtime() {
        return composite(mapisync("osgi.promise"), mapisync("osgi.function"), mapisync("osgi.component"),
                mapisync("scr"), mapisync("log"), mapisync("configadmin"), mapisync("metatype"), mapisync("eventadmin"));
    }

    /** @return the runtime, the API and the host */
    static Option host() {
        return composite(runtime(), mapisync("api"), mapisync("host"));
    }

    /**
     * Builds a provider bundle from test classes with bnd, which turns their DS annotations
     * into component descriptions as for a real provider.
     *
     * @param symbolicName the bundle's symbolic name
     * @param classes the classes it holds
     * @return an option installing and starting it
     */
    static Option provider(String symbolicName, Class<?>... classes) {
        return streamBundle(providerJar(symbolicName, "1.0.0", classes)).start();
    }

    static InputStream providerJar(String symbolicName, String version, Class<?>... classes) {
        return tinyBundle(symbolicName, version, classes).build(TinyBundles.bndBuilder());
    }

    /**
     * A provider bundle that carries a library jar of its own (on its Bundle-ClassPath), as a
     * real provider embeds its private dependencies.
     *
     * @param library the library jar to embed
     */
    static InputStream providerJar(String symbolicName, String version, File library, Class<?>... classes)
            throws IOException {
        String inside = "lib/" + library.getName();
        return tinyBundle(symbolicName, version, classes)
                .addResource(inside, new ByteArrayInputStream(Files.readAllBytes(library.toPath())))
                .setHeader("Bundle-ClassPath", ".," + inside)
                .build(TinyBundles.bndBuilder());
    }

    /**
     * @param artifact a library's artifact id
     * @param version its version
     * @return the jar Maven copied for the tests (private-libraries in the pom)
     */
    static File privateLibrary(String artifact, String version) {
        File jar = new File(System.getProperty("mapisync.private.libraries"), artifact + "-" + version + ".jar");
        if (!jar.isFile()) {
            throw new IllegalStateException(jar + " is missing: run the tests through Maven (mvn verify)");
        }
        return jar;
    }

    private static TinyBundle tinyBundle(String symbolicName, String version, Class<?>... classes) {
        TinyBundle bundle = TinyBundles.bundle()
                .setHeader("Bundle-SymbolicName", symbolicName)
                .setHeader("Bundle-Version", version)
                .setHeader("-dsannotations", "*")
                .setHeader("-metatypeannotations", "*")
                .setHeader("Import-Package", "*");
        for (Class<?> type : classes) {
            bundle.addClass(type);
        }
        return bundle;
    }
}
