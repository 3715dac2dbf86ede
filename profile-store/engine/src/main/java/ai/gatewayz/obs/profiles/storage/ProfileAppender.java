package ai.gatewayz.obs.profiles.storage;

import ai.gatewayz.obs.profiles.model.ProfileInput;
import java.util.List;

/**
 * The write role: accepts decoded profiles for one tenant. When {@link #append} returns, the
 * profiles are durable as far as the implementation promises (the on-disk storage has written them
 * to its WAL, so a process kill loses none) and visible to queriers created afterwards.
 *
 * <p>Thread-safe: many request threads append concurrently. The caller hands ownership of the
 * inputs to storage and must not modify them afterwards.
 */
public interface ProfileAppender {
    /** Stores all profiles of one request atomically with respect to crash recovery (one WAL record). */
    void append(List<ProfileInput> profiles);
}
