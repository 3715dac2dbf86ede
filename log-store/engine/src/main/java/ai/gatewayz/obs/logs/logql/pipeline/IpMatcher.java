package ai.gatewayz.obs.logs.logql.pipeline;

import ai.gatewayz.obs.logs.logql.LogqlErrors;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * {@code ip("...")}: one address, a range {@code a-b} or a CIDR, IPv4 or IPv6. Immutable and
 * thread-safe. Parsing only accepts literal addresses (never a host name lookup).
 */
public final class IpMatcher {
    private final BigInteger lo;
    private final BigInteger hi;
    private final int bytes;

    private IpMatcher(BigInteger lo, BigInteger hi, int bytes) {
        this.lo = lo;
        this.hi = hi;
        this.bytes = bytes;
    }

    public static IpMatcher compile(String pattern) {
        String p = pattern.strip();
        try {
            int slash = p.indexOf('/');
            int dash = p.indexOf('-');
            if (slash > 0) {
                byte[] a = literal(p.substring(0, slash));
                int bits = Integer.parseInt(p.substring(slash + 1));
                int total = a.length * 8;
                if (bits < 0 || bits > total) {
                    throw new IllegalArgumentException();
                }
                BigInteger v = new BigInteger(1, a);
                BigInteger mask = BigInteger.ONE.shiftLeft(total - bits).subtract(BigInteger.ONE);
                BigInteger base = v.andNot(mask);
                return new IpMatcher(base, base.or(mask), a.length);
            }
            if (dash > 0) {
                byte[] a = literal(p.substring(0, dash));
                byte[] b = literal(p.substring(dash + 1));
                if (a.length != b.length) {
                    throw new IllegalArgumentException();
                }
                return new IpMatcher(new BigInteger(1, a), new BigInteger(1, b), a.length);
            }
            byte[] a = literal(p);
            BigInteger v = new BigInteger(1, a);
            return new IpMatcher(v, v, a.length);
        } catch (IllegalArgumentException e) {
            throw LogqlErrors.semantic("invalid ip pattern: " + pattern);
        }
    }

    /** Address bytes of an IPv4 or IPv6 literal, or IllegalArgumentException. */
    static byte[] literal(String s) {
        if (s.isEmpty() || s.length() > 45) {
            throw new IllegalArgumentException();
        }
        if (s.indexOf(':') < 0) {
            String[] parts = s.split("\\.", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException();
            }
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                String part = parts[i];
                if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                    throw new IllegalArgumentException();
                }
                int v = Integer.parseInt(part);
                if (v > 255) {
                    throw new IllegalArgumentException();
                }
                out[i] = (byte) v;
            }
            return out;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                throw new IllegalArgumentException();
            }
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException();
        }
    }

    public boolean matchesAddress(String s) {
        byte[] a;
        try {
            a = literal(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (a.length != bytes) {
            return false;
        }
        BigInteger v = new BigInteger(1, a);
        return v.compareTo(lo) >= 0 && v.compareTo(hi) <= 0;
    }

    /** Whether any address-looking token of the line lies in the range. */
    public boolean matchesLine(String line) {
        int n = line.length();
        int i = 0;
        while (i < n) {
            char c = line.charAt(i);
            if (Character.digit(c, 16) >= 0 || c == ':') {
                int start = i;
                while (i < n && (Character.digit(line.charAt(i), 16) >= 0 || line.charAt(i) == ':' || line.charAt(i) == '.')) {
                    i++;
                }
                String tok = line.substring(start, i);
                while (tok.endsWith(".")) {
                    tok = tok.substring(0, tok.length() - 1);
                }
                if ((tok.indexOf('.') > 0 || tok.indexOf(':') >= 0) && matchesAddress(tok)) {
                    return true;
                }
            } else {
                i++;
            }
        }
        return false;
    }
}
