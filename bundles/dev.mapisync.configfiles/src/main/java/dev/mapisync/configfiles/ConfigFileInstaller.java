package dev.mapisync.configfiles;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.apache.felix.fileinstall.ArtifactListener;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Makes the account folder (etc/) a place where each {@code .cfg} file is one ConfigAdmin
 * configuration, as in Apache Karaf: Apache FileInstall watches the folder (a watcher this
 * component configures) and hands the files to this installer, which checks each one
 * ({@link ConfigFile}, {@link SettingsCheck}) before anything changes. A file that is wrong is
 * reported with its name and line, and the configuration stays as it was.
 */
@Component(service = {}, configurationPid = ConfigFileInstaller.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ConfigFilesConfig.class)
public class ConfigFileInstaller implements ArtifactInstaller {

    static final String PID = "dev.mapisync.configfiles";
    /** Marks the configurations made from a file, so a file deleted while the host was down is noticed. */
    static final String FILE_PROPERTY = "mapisync.configfile";
    private static final String FILEINSTALL_FACTORY = "org.apache.felix.fileinstall";
    private static final String WATCHER_NAME = "mapisync-etc";
    /** Above FileInstall's own installer, which would take any .cfg file, here unchecked. */
    private static final int RANKING = 100;

    private final System.Logger log = System.getLogger(ConfigFileInstaller.class.getName());
    private final ConfigurationAdmin configurationAdmin;
    private final ProviderMetatypes metatypes;
    private final Path directory;
    private final ServiceRegistration<?> registration;
    private final Configuration watcher;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MetaTypeService metatype;

    @Activate
    public ConfigFileInstaller(BundleContext context, ConfigFilesConfig config,
            @Reference ConfigurationAdmin configurationAdmin) throws IOException {
        this.configurationAdmin = configurationAdmin;
        this.metatypes = new ProviderMetatypes(context, () -> metatype);
        String configured = config.directory().isBlank() ? context.getProperty("mapisync.etc.dir") : config.directory();
        directory = Path.of(configured == null || configured.isBlank() ? "etc" : configured).toAbsolutePath().normalize();
        Files.createDirectories(directory);
        forgetDeletedFiles();
        // Registered before the watcher exists, so FileInstall never hands these files to another installer.
        Hashtable<String, Object> ranking = new Hashtable<>();
        ranking.put(Constants.SERVICE_RANKING, RANKING);
        registration = context.registerService(new String[] {ArtifactInstaller.class.getName(), ArtifactListener.class.getName()},
                this, ranking);
        watcher = configurationAdmin.getFactoryConfiguration(FILEINSTALL_FACTORY, WATCHER_NAME, "?");
        Hashtable<String, Object> watch = new Hashtable<>();
        watch.put("felix.fileinstall.dir", directory.toString());
        watch.put("felix.fileinstall.poll", String.valueOf(config.pollMillis()));
        watch.put("felix.fileinstall.noInitialDelay", "true");
        // etc/secrets and the like are not artifacts.
        watch.put("felix.fileinstall.subdir.mode", "skip");
        watch.put("felix.fileinstall.filter", ".*\\.cfg");
        watch.put("felix.fileinstall.enableConfigSave", "false");
        // Polls (lists the folder, a stat per file) instead of Java's watch service, which keeps 512 events per
        // folder and then says only "overflow", which FileInstall skips: 1,000 files dropped at once lost ~400.
        watch.put("felix.fileinstall.disableNio2", "true");
        watcher.updateIfDifferent(watch);
    }

    @Deactivate
    void deactivate() throws IOException {
        registration.unregister();
        watcher.delete();
    }

    @Override
    public boolean canHandle(File artifact) {
        return artifact.getName().endsWith(ConfigFile.EXTENSION)
                && directory.equals(artifact.toPath().toAbsolutePath().normalize().getParent());
    }

    @Override
    public void install(File artifact) {
        apply(artifact.toPath());
    }

    @Override
    public void update(File artifact) {
        apply(artifact.toPath());
    }

    @Override
    public void uninstall(File artifact) {
        String shown = shown(artifact.toPath());
        try {
            Configuration configuration = existing(artifact.toPath());
            if (configuration != null) {
                configuration.delete();
                log.log(Level.INFO, shown + " removed: configuration " + describe(configuration) + " deleted");
            }
        } catch (IOException | InvalidSyntaxException e) {
            log.log(Level.ERROR, shown + " removed, but its configuration could not be deleted: " + e.getMessage());
        }
    }

    private void apply(Path file) {
        String shown = shown(file);
        try {
            ConfigFile parsed = ConfigFile.read(file);
            ObjectClassDefinition definition = metatypes.definition(parsed.metatypePid());
            Hashtable<String, Object> properties = SettingsCheck.properties(parsed, definition);
            properties.put(FILE_PROPERTY, file.toAbsolutePath().normalize().toString());
            Configuration configuration = parsed.factoryPid() == null
                    ? configurationAdmin.getConfiguration(parsed.pid(), "?")
                    : configurationAdmin.getFactoryConfiguration(parsed.factoryPid(), parsed.pid(), "?");
            if (configuration.updateIfDifferent(properties)) {
                log.log(Level.INFO, shown + " applied to configuration " + describe(configuration)
                        + (definition == null
                                ? " (no installed provider describes " + parsed.metatypePid() + " yet: not checked)" : ""));
            }
        } catch (ConfigFileException e) {
            log.log(Level.ERROR, shown + (e.line() > 0 ? " line " + e.line() : "") + ": " + e.getMessage()
                    + "; the file is not applied and its configuration stays as it was");
        } catch (IOException | RuntimeException e) {
            log.log(Level.ERROR, shown + ": cannot be applied (" + e + "); its configuration stays as it was");
        }
    }

    /** The configuration a file made, found by the file property rather than the name (the name may be wrong now). */
    private Configuration existing(Path file) throws IOException, InvalidSyntaxException {
        String path = file.toAbsolutePath().normalize().toString();
        Configuration[] found = configurationAdmin.listConfigurations(
                "(" + FILE_PROPERTY + "=" + escape(path) + ")");
        return found == null || found.length == 0 ? null : found[0];
    }

    private void forgetDeletedFiles() throws IOException {
        try {
            Configuration[] made = configurationAdmin.listConfigurations("(" + FILE_PROPERTY + "=*)");
            for (Configuration configuration : made == null ? new Configuration[0] : made) {
                Dictionary<String, Object> properties = configuration.getProperties();
                Object file = properties == null ? null : properties.get(FILE_PROPERTY);
                if (file != null && !Files.exists(Path.of(file.toString()))) {
                    log.log(Level.INFO, file + " is gone: configuration " + describe(configuration) + " deleted");
                    configuration.delete();
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private String shown(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }

    private static String describe(Configuration configuration) {
        return configuration.getFactoryPid() == null ? configuration.getPid()
                : configuration.getFactoryPid() + " / " + configuration.getPid();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(").replace(")", "\\)");
    }
}
