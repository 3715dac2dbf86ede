package ai.gatewayz.obs.storage.io;

/** Bytes that do not decode: a torn write, a bad checksum, a truncated file. */
public final class CorruptDataException extends RuntimeException {
    public CorruptDataException(String message) {
        super(message);
    }
}
