package ai.gatewayz.obs.sim.telemetry;

/**
 * The backend's {@code path}/{@code endpoint} label rule: numeric segments, UUID-looking segments
 * and hex-only segments longer than 8 characters become {@code {id}}; at most 6 segments are kept.
 */
public final class PathNormalizer {
    private PathNormalizer() {
    }

    public static String normalize(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return "/";
        }
        StringBuilder sb = new StringBuilder();
        int kept = 0;
        for (String seg : path.split("/")) {
            if (seg.isEmpty()) {
                continue;
            }
            if (kept++ == 6) {
                break;
            }
            sb.append('/').append(idLike(seg) ? "{id}" : seg);
        }
        return sb.isEmpty() ? "/" : sb.toString();
    }

    static boolean idLike(String s) {
        if (s.chars().allMatch(Character::isDigit)) {
            return true;
        }
        if (s.length() == 36 && s.charAt(8) == '-' && s.charAt(13) == '-' && s.chars().allMatch(c -> c == '-' || hex(c))) {
            return true;
        }
        return s.length() > 8 && s.chars().allMatch(PathNormalizer::hex);
    }

    private static boolean hex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
