package dev.mapisync.api.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.store.MessageStore;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class SyncRequestTest {

    private final SyncProgressCallback callback = new SyncProgressCallback() {
        @Override
        public void progress(String step, long index, long indexMax) {
        }

        @Override
        public void error(Status status, String text) {
        }

        @Override
        public void done(Status status) {
        }
    };

    private final SyncSession session = new SyncSession() {
        @Override
        public MessageStore defaultStore() {
            throw new UnsupportedOperationException();
        }

        @Override
        public dev.mapisync.api.store.Replica replica() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Executor executor() {
            return Runnable::run;
        }
    };

    @Test
    void aValidRequestKeepsWhatItWasGiven() {
        SyncRequest request = SyncRequest.builder()
                .flags(SyncFlag.DOWNLOAD_CONTENTS, SyncFlag.ON_DEMAND)
                .session(session)
                .callback(callback)
                .folders(List.of(FolderPath.of("Inbox")))
                .build();
        assertEquals(EnumSet.of(SyncFlag.DOWNLOAD_CONTENTS, SyncFlag.ON_DEMAND), request.flags());
        assertEquals(0x20000080, request.mask());
        assertTrue(request.has(SyncFlag.ON_DEMAND));
        assertFalse(request.has(SyncFlag.HEADERS_ONLY));
        assertSame(callback, request.callback());
        assertSame(session, request.session());
        assertEquals(Set.of(FolderPath.of("Inbox")), request.folderScope().orElseThrow());
    }

    @Test
    void aRequestFromAMaskHasItsFlags() {
        SyncRequest request = SyncRequest.builder().mask(0x000000C3).session(session).callback(callback).build();
        assertEquals(EnumSet.of(SyncFlag.UPLOAD_HIERARCHY, SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.UPLOAD_CONTENTS,
                SyncFlag.DOWNLOAD_CONTENTS), request.flags());
        assertTrue(request.folderScope().isEmpty());
    }

    @Test
    void missingCallbackIsNamed() {
        var builder = SyncRequest.builder().flags(SyncFlag.DOWNLOAD_CONTENTS).session(session);
        var e = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(e.getMessage().contains("callback is required"), e.getMessage());
    }

    @Test
    void missingSessionIsNamed() {
        var builder = SyncRequest.builder().flags(SyncFlag.DOWNLOAD_CONTENTS).callback(callback);
        var e = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(e.getMessage().contains("session is required"), e.getMessage());
    }

    @Test
    void emptyFlagsAreNamed() {
        var builder = SyncRequest.builder().session(session).callback(callback);
        var e = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(e.getMessage().contains("flags are empty"), e.getMessage());
    }

    @Test
    void modifiersAloneAreNoWork() {
        var builder = SyncRequest.builder().flags(SyncFlag.ON_DEMAND, SyncFlag.HEADERS_ONLY).session(session)
                .callback(callback);
        var e = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(e.getMessage().contains("name no work to do"), e.getMessage());
    }

    @Test
    void emptyFolderScopeIsRefused() {
        var builder = SyncRequest.builder().flags(SyncFlag.DOWNLOAD_CONTENTS).session(session).callback(callback)
                .folders(List.of());
        var e = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(e.getMessage().contains("folder scope is empty"), e.getMessage());
    }

    @Test
    void unknownMaskBitsNeverReachARequest() {
        var e = assertThrows(IllegalArgumentException.class, () -> SyncRequest.builder().mask(0x00000084));
        assertTrue(e.getMessage().contains("0x00000004"), e.getMessage());
    }

    @Test
    void theRequestDoesNotChangeWhenTheBuilderDoes() {
        SyncRequest.Builder builder = SyncRequest.builder().flags(SyncFlag.DOWNLOAD_CONTENTS).session(session)
                .callback(callback);
        SyncRequest first = builder.build();
        builder.flags(SyncFlag.UPLOAD_CONTENTS);
        assertEquals(Set.of(SyncFlag.DOWNLOAD_CONTENTS), first.flags());
    }
}
