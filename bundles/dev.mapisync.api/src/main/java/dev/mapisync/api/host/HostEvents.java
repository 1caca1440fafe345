package dev.mapisync.api.host;

/**
 * The OSGi EventAdmin events the host publishes, with their topics and properties.
 *
 * <p>MAPI counterpart: the notifications Outlook's Send/Receive dialog receives from
 * {@code IMAPISyncProgressCallback}. Events are posted asynchronously; progress events of
 * one sync are thinned to at most one per {@value #PROGRESS_INTERVAL_MILLIS} ms, except that
 * a new step text is always posted. No property ever holds a secret.
 *
 * <p>Every sync event has {@link #STORE_ID}, {@link #STORE_NAME} and {@link #PROVIDER}.
 * Progress adds {@link #STEP}, {@link #INDEX}, {@link #INDEX_MAX}; error adds
 * {@link #STATUS}, {@link #STATUS_CODE}, {@link #TEXT}; done adds {@link #STATUS},
 * {@link #STATUS_CODE}, {@link #DURATION_MILLIS}. Outbox events carry {@link #MESSAGE_ID},
 * and for a failure {@link #STATUS}, {@link #STATUS_CODE} and {@link #TEXT}.
 */
public final class HostEvents {

    private HostEvents() {
    }

    /** Topic: a sync reported progress. */
    public static final String TOPIC_PROGRESS = "dev/mapisync/sync/PROGRESS";
    /** Topic: a sync reported an error or warning. */
    public static final String TOPIC_ERROR = "dev/mapisync/sync/ERROR";
    /** Topic: a sync ended. */
    public static final String TOPIC_DONE = "dev/mapisync/sync/DONE";
    /** Topic: an Outbox message was accepted for every recipient and moved to Sent Items. */
    public static final String TOPIC_SENT = "dev/mapisync/outbox/SENT";
    /** Topic: an Outbox message failed for at least one recipient and stays in the Outbox. */
    public static final String TOPIC_SEND_FAILED = "dev/mapisync/outbox/FAILED";
    /** Topic filter matching every event of the host. */
    public static final String TOPIC_ALL = "dev/mapisync/*";

    /** Property, {@code String}: the store's id. */
    public static final String STORE_ID = "store.id";
    /** Property, {@code String}: the store's display name. */
    public static final String STORE_NAME = "store.name";
    /** Property, {@code String}: the providing bundle's symbolic name and version. */
    public static final String PROVIDER = "provider";
    /** Property, {@code String}: the step text; absent when the provider passed none. */
    public static final String STEP = "step";
    /** Property, {@code Long}: progress index. */
    public static final String INDEX = "index";
    /** Property, {@code Long}: progress index meaning complete. */
    public static final String INDEX_MAX = "index.max";
    /** Property, {@code String}: the {@link dev.mapisync.api.Status} name. */
    public static final String STATUS = "status";
    /** Property, {@code Integer}: the status's HRESULT code. */
    public static final String STATUS_CODE = "status.code";
    /** Property, {@code String}: error text. */
    public static final String TEXT = "text";
    /** Property, {@code Long}: how long the sync took, in milliseconds. */
    public static final String DURATION_MILLIS = "duration.ms";
    /** Property, {@code String}: the Outbox message's id. */
    public static final String MESSAGE_ID = "message.id";

    /** The thinning interval of progress events, in milliseconds. */
    public static final long PROGRESS_INTERVAL_MILLIS = 100;
}
