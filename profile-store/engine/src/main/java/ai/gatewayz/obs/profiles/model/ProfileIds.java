package ai.gatewayz.obs.profiles.model;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import java.util.UUID;

/**
 * Profile ids in UUID form, derived rather than stored: the high half is the series' stable label
 * hash ({@link Labels#hash64()}) with the UUID version nibble set to 8, the low half the profile's
 * time in nanoseconds with the RFC 4122 variant bits. So an id names one profile of one series
 * (two uploads of a series at the same nanosecond share it), survives restarts and compaction
 * without an extra column, and a profile-id selector can be turned back into a time. Times must be
 * below 2^62 ns (year 2116). Stateless and thread-safe.
 */
public final class ProfileIds {
    private static final long TIME_MASK = 0x3FFF_FFFF_FFFF_FFFFL;

    private ProfileIds() {
    }

    public static String of(Labels series, long timeNanos) {
        return new UUID(high(series), (timeNanos & TIME_MASK) | Long.MIN_VALUE).toString();
    }

    /** The high half every profile id of {@code series} carries. */
    public static long high(Labels series) {
        return (series.hash64() & ~0xF000L) | 0x8000L;
    }

    /** A parsed id: the series half and the profile time. */
    public record Parsed(long high, long timeNanos) {
    }

    public static Parsed parse(String id) {
        UUID u;
        try {
            u = UUID.fromString(id.trim());
        } catch (IllegalArgumentException e) {
            throw badId(id);
        }
        if (u.version() != 8 || u.variant() != 2) {
            throw badId(id);
        }
        return new Parsed(u.getMostSignificantBits(), u.getLeastSignificantBits() & TIME_MASK);
    }

    /** The canonical (lower-case) text of an id, after checking it is one of ours. */
    public static String canonical(String id) {
        Parsed p = parse(id);
        return new UUID(p.high(), p.timeNanos() | Long.MIN_VALUE).toString();
    }

    static SuiteException badId(String id) {
        return new SuiteException(ErrorKind.BAD_DATA, "profile id is not one this store issued [profile_id_selector=" + id + "]");
    }
}
