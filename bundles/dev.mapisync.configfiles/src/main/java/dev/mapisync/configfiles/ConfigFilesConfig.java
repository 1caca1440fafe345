package dev.mapisync.configfiles;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Where account files live and how often the folder is looked at. */
@ObjectClassDefinition(name = "mapisync account files",
        description = "The folder of ConfigAdmin files (one per account) that Apache FileInstall watches for mapisync.")
public @interface ConfigFilesConfig {

    @AttributeDefinition(name = "Directory",
            description = "Folder of <pid>.cfg and <factoryPid>-<name>.cfg files; empty: the framework property mapisync.etc.dir, else etc")
    String directory() default "";

    /** FileInstall lists the folder and reads each file's size and time at every look: 1,000 files every 200 ms took a tenth of a CPU. */
    @AttributeDefinition(name = "Poll interval (ms)", description = "How often FileInstall looks for changed files", min = "50")
    long pollMillis() default 1000;
}
