package dev.mapisync.store.imap;

import static dev.mapisync.store.imap.DovecotMailbox.compare;
import static dev.mapisync.store.imap.DovecotMailbox.config;
import static dev.mapisync.store.imap.DovecotMailbox.seedOneMessageEach;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.store.local.Relay;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Four accounts of five connections each on one Dovecot, sharing a host budget of three
 * connections: three sync at once, then the fourth while the others' connections are kept.
 * Every sync succeeds with every message, and the server never sees more than three
 * connections at once (counted by a relay in front of it). Without the budget the accounts
 * open as many as Dovecot lets them (ten per user and address).
 */
class SharedBudgetTest {

    private static final Set<SyncFlag> DOWN = EnumSet.of(SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.DOWNLOAD_CONTENTS);

    @Test
    void accountsSyncingAtOnceNeverHoldMoreConnectionsThanTheHostsBudget() throws Exception {
        Map<String, FolderPath> byServerName = DovecotMailbox.inboxAndFolders(7);
        List<FolderPath> folders = List.copyOf(byServerName.values());
        AtomicInteger live = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(8);
        try (DovecotAccount mail = new DovecotAccount(seed -> seedOneMessageEach(seed, folders));
                Relay counting = new Relay(mail.dovecot.port(), Relay.COPY, (from, to, connection) -> {
                    most.accumulateAndGet(live.incrementAndGet(), Math::max);
                    try {
                        Relay.COPY.pump(from, to, connection);
                    } finally {
                        live.decrementAndGet();
                    }
                })) {
            ImapBudget budget = new ImapBudget(3, 24L * 1024 * 1024);
            List<ImapAccountStore> accounts = new ArrayList<>();
            for (String name : List.of("a", "b", "c", "d")) {
                TestConfig config = config(counting.port());
                config.account = name;
                config.connections = 5;
                accounts.add(new ImapAccountStore(config, mail.local, budget));
            }
            List<CompletableFuture<String>> atOnce = new ArrayList<>();
            for (ImapAccountStore account : accounts.subList(0, 3)) {
                atOnce.add(CompletableFuture.supplyAsync(() -> sync(mail, executor, account), executor));
            }
            for (CompletableFuture<String> sync : atOnce) {
                assertEquals("SUCCESS", sync.get(120, TimeUnit.SECONDS));
            }
            assertEquals("SUCCESS", sync(mail, executor, accounts.get(3)), "the fourth, while the others keep theirs");
            for (ImapAccountStore account : accounts) {
                assertEquals(folders.size(), compare(mail.dovecot, mail.local.replica(account.identity()), byServerName));
            }
            assertTrue(most.get() <= 3, "at most three connections at once, were " + most.get());
            assertTrue(budget.connections().used() <= 3, "kept ones within the budget: " + budget.connections().used());
            accounts.forEach(ImapAccountStore::deactivate);
            assertEquals(0, budget.connections().used(), "every place given back");
        } finally {
            executor.shutdownNow();
        }
    }

    private static String sync(DovecotAccount mail, ExecutorService executor, ImapAccountStore account) {
        try {
            Harness.Recorder recorder = new Harness.Recorder();
            Status status = Harness.sync(mail.local, executor, account, recorder, DOWN);
            return status == Status.SUCCESS ? "SUCCESS" : status + " " + recorder.errors;
        } catch (Exception e) {
            return e.toString();
        }
    }
}
