package ai.gatewayz.obs.profiles.storage;

/**
 * Read access to one partition's de-duplicated symbol tables. Stacks form a parent-pointer table:
 * stack 0 is the empty root, every other stack is (parent stack, leaf location). Functions,
 * locations and mappings are numbered from 0 within the partition.
 *
 * <p>Views are immutable snapshots or read under the partition's lock by the storage; a view is
 * only used on the thread it was given to, for the duration of a visit.
 */
public interface SymbolView {
    int stackParent(int stackId);

    int stackLocation(int stackId);

    int locationLineCount(int location);

    /** The function of line {@code i} of a location (0 = innermost inlined frame). */
    int locationFunction(int location, int i);

    long locationLine(int location, int i);

    long locationAddress(int location);

    /** The mapping of a location, or -1. */
    int locationMapping(int location);

    String functionName(int function);

    String functionSystemName(int function);

    String functionFilename(int function);

    long functionStartLine(int function);

    int mappingCount();

    long mappingStart(int mapping);

    long mappingLimit(int mapping);

    long mappingOffset(int mapping);

    String mappingFilename(int mapping);

    String mappingBuildId(int mapping);
}
