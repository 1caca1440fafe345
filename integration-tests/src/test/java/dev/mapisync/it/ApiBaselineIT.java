package dev.mapisync.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Shows that bnd baselining guards the API: on a copy of this workspace, an incompatible
 * change to an exported package fails {@code mvn verify} unless the package's major version
 * (and the bundle's) is raised.
 */
public class ApiBaselineIT {

    private static final String API = "bundles/dev.mapisync.api";
    private static final String SYNC = API + "/src/main/java/dev/mapisync/api/sync/";
    private static final long BUILD_MINUTES = 5;

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static Path workspace;

    @BeforeClass
    public static void copyWorkspace() throws IOException {
        Path root = Path.of(required("mapisync.root"));
        workspace = TMP.newFolder("workspace").toPath();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                String name = dir.getFileName().toString();
                boolean runtimeState = dir.getParent() != null && dir.getParent().equals(root)
                        && (name.equals("data") || name.equals("deploy") || name.equals("etc"));
                if (!dir.equals(root) && (name.equals(".git") || name.equals("target") || runtimeState)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(workspace.resolve(root.relativize(dir)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, workspace.resolve(root.relativize(file)), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Test
    public void incompatibleChangeNeedsAMajorBump() throws Exception {
        Build unchanged = build("1.1.0-SNAPSHOT");
        assertEquals("the unchanged API passes its baseline:\n" + unchanged.output, 0, unchanged.exit);

        // Sync is @ConsumerType: providers implement it, so a new method breaks every provider.
        replace(SYNC + "Sync.java", "SyncHandle synchronizeInBackground(SyncRequest request);",
                "SyncHandle synchronizeInBackground(SyncRequest request);\n\n    /** Added. */\n    void pause();");
        Build refused = build("1.1.0-SNAPSHOT");
        assertNotEquals("an incompatible change without a version bump must fail:\n" + refused.output, 0, refused.exit);
        assertTrue("the failure names the package:\n" + refused.output,
                refused.output.contains("dev.mapisync.api.sync") && refused.output.contains("2.0.0"));
        assertTrue("the failure is the baseline's:\n" + refused.output, refused.output.contains("aseline"));

        replace(SYNC + "package-info.java", "@Version(\"1.0.0\")", "@Version(\"2.0.0\")");
        Build bumped = build("2.0.0-SNAPSHOT");
        assertEquals("with the major bump the change is accepted:\n" + bumped.output, 0, bumped.exit);
    }

    private static void replace(String file, String from, String to) throws IOException {
        Path path = workspace.resolve(file);
        String text = Files.readString(path);
        assertTrue(file + " holds the text to change", text.contains(from));
        Files.writeString(path, text.replace(from, to));
    }

    private record Build(int exit, String output) {
    }

    private static Build build(String revision) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(required("mapisync.maven.home"), "bin", "mvn").toString(),
                "-B", "-Dmaven.repo.local=" + required("mapisync.maven.repo"),
                "-Drevision=" + revision, "-DskipTests",
                "-pl", API, "-am", "verify"));
        File log = TMP.newFile();
        Process process = new ProcessBuilder(command).directory(workspace.toFile())
                .redirectErrorStream(true).redirectOutput(log).start();
        if (!process.waitFor(BUILD_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the build of the workspace copy took over " + BUILD_MINUTES + " minutes");
        }
        return new Build(process.exitValue(), Files.readString(log.toPath(), StandardCharsets.UTF_8));
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run through mvn verify");
        }
        return value;
    }
}
