package ai.gatewayz.obs.profiles.storage;

import ai.gatewayz.obs.profiles.model.LocalSymbols;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One partition's de-duplicated symbols: strings, mappings, functions, locations and the stack
 * parent-pointer table. Every profile's local symbols are interned here, so a function or stack
 * seen by thousands of profiles of the partition is stored once.
 *
 * <p>Not thread-safe: guarded by the owning {@link Partition}'s lock.
 */
final class SymbolTable implements SymbolView {
    final List<String> strings = new ArrayList<>();
    private final Map<String, Integer> stringIds = new HashMap<>();
    // mappings: start, limit, offset, filename, buildId
    long[] mapStart = new long[4];
    long[] mapLimit = new long[4];
    long[] mapOffset = new long[4];
    int[] mapFile = new int[4];
    int[] mapBuild = new int[4];
    int mappings;
    private final Map<Key, Integer> mappingIds = new HashMap<>();
    // functions: name, systemName, filename, startLine
    int[] fnName = new int[16];
    int[] fnSystem = new int[16];
    int[] fnFile = new int[16];
    long[] fnStart = new long[16];
    int functions;
    private final Map<Key, Integer> functionIds = new HashMap<>();
    // locations: mapping, address, lines (function, line) pairs
    int[] locMapping = new int[16];
    long[] locAddress = new long[16];
    int[][] locFunctions = new int[16][];
    long[][] locLines = new long[16][];
    int locations;
    private final Map<Key, Integer> locationIds = new HashMap<>();
    // stacks: parent, location; stack 0 is the root
    int[] stackParent = new int[64];
    int[] stackLoc = new int[64];
    int stacks = 1;
    private final Map<Long, Integer> stackIds = new HashMap<>();
    long refs;

    SymbolTable() {
        string("");
        stackParent[0] = -1;
        stackLoc[0] = -1;
    }

    /** A composite key with value equality over a long array. */
    private record Key(long[] v) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(v, k.v);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(v);
        }
    }

    int string(String s) {
        Integer id = stringIds.get(s);
        if (id == null) {
            id = strings.size();
            strings.add(s);
            stringIds.put(s, id);
        }
        return id;
    }

    int mapping(long start, long limit, long offset, int file, int build) {
        Key k = new Key(new long[] {start, limit, offset, file, build});
        Integer id = mappingIds.get(k);
        if (id != null) {
            return id;
        }
        if (mappings == mapStart.length) {
            int n = mappings * 2;
            mapStart = Arrays.copyOf(mapStart, n);
            mapLimit = Arrays.copyOf(mapLimit, n);
            mapOffset = Arrays.copyOf(mapOffset, n);
            mapFile = Arrays.copyOf(mapFile, n);
            mapBuild = Arrays.copyOf(mapBuild, n);
        }
        mapStart[mappings] = start;
        mapLimit[mappings] = limit;
        mapOffset[mappings] = offset;
        mapFile[mappings] = file;
        mapBuild[mappings] = build;
        mappingIds.put(k, mappings);
        return mappings++;
    }

    int function(int name, int system, int file, long startLine) {
        Key k = new Key(new long[] {name, system, file, startLine});
        Integer id = functionIds.get(k);
        if (id != null) {
            return id;
        }
        if (functions == fnName.length) {
            int n = functions * 2;
            fnName = Arrays.copyOf(fnName, n);
            fnSystem = Arrays.copyOf(fnSystem, n);
            fnFile = Arrays.copyOf(fnFile, n);
            fnStart = Arrays.copyOf(fnStart, n);
        }
        fnName[functions] = name;
        fnSystem[functions] = system;
        fnFile[functions] = file;
        fnStart[functions] = startLine;
        functionIds.put(k, functions);
        return functions++;
    }

    int location(int mapping, long address, int[] fns, long[] lines) {
        long[] kv = new long[2 + 2 * fns.length];
        kv[0] = mapping;
        kv[1] = address;
        for (int i = 0; i < fns.length; i++) {
            kv[2 + 2 * i] = fns[i];
            kv[3 + 2 * i] = lines[i];
        }
        Key k = new Key(kv);
        Integer id = locationIds.get(k);
        if (id != null) {
            return id;
        }
        if (locations == locMapping.length) {
            int n = locations * 2;
            locMapping = Arrays.copyOf(locMapping, n);
            locAddress = Arrays.copyOf(locAddress, n);
            locFunctions = Arrays.copyOf(locFunctions, n);
            locLines = Arrays.copyOf(locLines, n);
        }
        locMapping[locations] = mapping;
        locAddress[locations] = address;
        locFunctions[locations] = fns;
        locLines[locations] = lines;
        locationIds.put(k, locations);
        return locations++;
    }

    int stack(int parent, int location) {
        long key = ((long) parent << 32) | (location & 0xFFFFFFFFL);
        Integer id = stackIds.get(key);
        if (id != null) {
            return id;
        }
        if (stacks == stackParent.length) {
            stackParent = Arrays.copyOf(stackParent, stacks * 2);
            stackLoc = Arrays.copyOf(stackLoc, stacks * 2);
        }
        stackParent[stacks] = parent;
        stackLoc[stacks] = location;
        stackIds.put(key, stacks);
        return stacks++;
    }

    /** Interns a profile's symbols; returns local location index → partition location id. */
    int[] intern(LocalSymbols local) {
        List<String> ls = local.strings();
        int[] str = new int[ls.size()];
        for (int i = 0; i < str.length; i++) {
            str[i] = string(ls.get(i));
        }
        List<LocalSymbols.Mapping> lm = local.mappings();
        int[] map = new int[lm.size()];
        for (int i = 0; i < map.length; i++) {
            LocalSymbols.Mapping m = lm.get(i);
            map[i] = mapping(m.memoryStart(), m.memoryLimit(), m.fileOffset(), str[m.filename()], str[m.buildId()]);
        }
        List<LocalSymbols.Function> lf = local.functions();
        int[] fn = new int[lf.size()];
        for (int i = 0; i < fn.length; i++) {
            LocalSymbols.Function f = lf.get(i);
            fn[i] = function(str[f.name()], str[f.systemName()], str[f.filename()], f.startLine());
        }
        List<LocalSymbols.Location> ll = local.locations();
        int[] loc = new int[ll.size()];
        for (int i = 0; i < loc.length; i++) {
            LocalSymbols.Location l = ll.get(i);
            int[] fns = new int[l.functions().length];
            for (int j = 0; j < fns.length; j++) {
                fns[j] = fn[l.functions()[j]];
            }
            loc[i] = location(l.mapping() < 0 ? -1 : map[l.mapping()], l.address(), fns, l.lines().clone());
        }
        refs += str.length + map.length + fn.length + loc.length;
        return loc;
    }

    /** Interns one leaf-first stack of partition location ids; returns its stack id. */
    int internStack(int[] localStack, int[] locMap) {
        int node = 0;
        for (int i = localStack.length - 1; i >= 0; i--) {
            node = stack(node, locMap[localStack[i]]);
        }
        refs += localStack.length;
        return node;
    }

    /** The encoded size of the tables, estimated: string bytes plus a few bytes per entry. */
    long estimatedBytes() {
        long b = 0;
        for (String str : strings) {
            b += str.length() + 1;
        }
        return b + mappings * 20L + functions * 8L + locations * 8L + stacks * 5L;
    }

    long stored() {
        return strings.size() + mappings + functions + locations + stacks - 1;
    }

    @Override
    public int stackParent(int stackId) {
        return stackParent[stackId];
    }

    @Override
    public int stackLocation(int stackId) {
        return stackLoc[stackId];
    }

    @Override
    public int locationLineCount(int location) {
        return locFunctions[location].length;
    }

    @Override
    public int locationFunction(int location, int i) {
        return locFunctions[location][i];
    }

    @Override
    public long locationLine(int location, int i) {
        return locLines[location][i];
    }

    @Override
    public long locationAddress(int location) {
        return locAddress[location];
    }

    @Override
    public int locationMapping(int location) {
        return locMapping[location];
    }

    @Override
    public String functionName(int function) {
        return strings.get(fnName[function]);
    }

    @Override
    public String functionSystemName(int function) {
        return strings.get(fnSystem[function]);
    }

    @Override
    public String functionFilename(int function) {
        return strings.get(fnFile[function]);
    }

    @Override
    public long functionStartLine(int function) {
        return fnStart[function];
    }

    @Override
    public int mappingCount() {
        return mappings;
    }

    @Override
    public long mappingStart(int mapping) {
        return mapStart[mapping];
    }

    @Override
    public long mappingLimit(int mapping) {
        return mapLimit[mapping];
    }

    @Override
    public long mappingOffset(int mapping) {
        return mapOffset[mapping];
    }

    @Override
    public String mappingFilename(int mapping) {
        return strings.get(mapFile[mapping]);
    }

    @Override
    public String mappingBuildId(int mapping) {
        return strings.get(mapBuild[mapping]);
    }
}
