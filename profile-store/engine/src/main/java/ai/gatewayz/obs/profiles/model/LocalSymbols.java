package ai.gatewayz.obs.profiles.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The symbols one ingested profile refers to, indexed from 0: strings, mappings, functions and
 * locations (a location holds one or more lines, innermost inlined frame first, as pprof does).
 * Built by a decoder, then read by storage, which re-interns everything into its partition tables.
 * Not thread-safe while being built; treat as read-only once handed to storage.
 */
public final class LocalSymbols {
    private final List<String> strings = new ArrayList<>();
    private final Map<String, Integer> stringIds = new HashMap<>();
    private final List<Mapping> mappings = new ArrayList<>();
    private final List<Function> functions = new ArrayList<>();
    private final List<Location> locations = new ArrayList<>();
    private final Map<String, Integer> functionByName = new HashMap<>();
    private final Map<Integer, Integer> locationByFunction = new HashMap<>();

    /** A loaded binary; {@code filename} and {@code buildId} are string ids. */
    public record Mapping(long memoryStart, long memoryLimit, long fileOffset, int filename, int buildId) {
    }

    /** A function; names and filename are string ids. */
    public record Function(int name, int systemName, int filename, long startLine) {
    }

    /**
     * A code address: {@code mapping} is a mapping index or -1; {@code functions}/{@code lines} are
     * parallel, innermost first.
     */
    public record Location(int mapping, long address, int[] functions, long[] lines) {
    }

    public LocalSymbols() {
        string("");
    }

    public int string(String s) {
        Integer id = stringIds.get(s);
        if (id != null) {
            return id;
        }
        strings.add(s);
        stringIds.put(s, strings.size() - 1);
        return strings.size() - 1;
    }

    public int addMapping(Mapping m) {
        mappings.add(m);
        return mappings.size() - 1;
    }

    public int addFunction(Function f) {
        functions.add(f);
        return functions.size() - 1;
    }

    public int addLocation(Location l) {
        locations.add(l);
        return locations.size() - 1;
    }

    /** The location of a function known only by name (folded stacks, JFR frames): one line, no mapping. */
    public int locationForName(String functionName) {
        Integer fn = functionByName.get(functionName);
        if (fn == null) {
            int name = string(functionName);
            fn = addFunction(new Function(name, name, 0, 0));
            functionByName.put(functionName, fn);
        }
        Integer loc = locationByFunction.get(fn);
        if (loc == null) {
            loc = addLocation(new Location(-1, 0, new int[] {fn}, new long[] {0}));
            locationByFunction.put(fn, loc);
        }
        return loc;
    }

    public List<String> strings() {
        return strings;
    }

    public List<Mapping> mappings() {
        return mappings;
    }

    public List<Function> functions() {
        return functions;
    }

    public List<Location> locations() {
        return locations;
    }
}
