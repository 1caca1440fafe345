package dev.mapisync.api.host;

/**
 * What a Send/Receive task is doing.
 *
 * <p>MAPI counterpart: the state column of Outlook's Send/Receive dialog. Thread-safe.
 */
public enum TaskState {
    /** Nothing to do now. */
    IDLE,
    /** Waiting for a free slot. */
    QUEUED,
    /** Running. */
    RUNNING
}
