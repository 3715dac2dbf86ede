package ai.gatewayz.obs.sim.telemetry;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %pylevel}: the Python level name the backend's records carry ({@code WARNING}, not {@code WARN}). */
public final class PythonLevelConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return name(event.getLevel());
    }

    /** The Python logging name of a logback level. */
    public static String name(Level level) {
        return switch (level.toInt()) {
            case Level.WARN_INT -> "WARNING";
            case Level.ERROR_INT -> "ERROR";
            case Level.DEBUG_INT, Level.TRACE_INT -> "DEBUG";
            default -> "INFO";
        };
    }
}
