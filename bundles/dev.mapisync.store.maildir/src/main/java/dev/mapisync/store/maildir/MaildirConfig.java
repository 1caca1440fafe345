package dev.mapisync.store.maildir;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One mirrored Maildir: factory PID {@code dev.mapisync.store.maildir}. Metatype describes it,
 * so the host's account files (etc/) are checked against it.
 */
@ObjectClassDefinition(name = "mapisync Maildir store",
        description = "An existing Maildir (mutt, Dovecot, an exported archive) mirrored into a replica, one way.")
@interface MaildirConfig {

    @AttributeDefinition(name = "Account", description = "A short name, unique among stores: the store's id is maildir:<account>.")
    String account();

    @AttributeDefinition(name = "Directory",
            description = "The Maildir's root: the folder holding cur/, new/ and tmp/ (and .Sub.Folder/ for Maildir++ folders).")
    String directory();

    // DS turns the name into the service property mapisync.sync.interval, which the host reads.
    @AttributeDefinition(name = "Sync interval (s)", min = "0", description = "Seconds between scheduled syncs; 0: on demand only.")
    long mapisync_sync_interval() default 900;
}
