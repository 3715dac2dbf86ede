package ai.gatewayz.obs.metrics.tsdb;

import ai.gatewayz.obs.metrics.tsdb.block.Block;
import ai.gatewayz.obs.metrics.tsdb.block.BlockCompactor;
import ai.gatewayz.obs.metrics.tsdb.block.BlockFiles;
import ai.gatewayz.obs.metrics.tsdb.block.BlockIds;
import ai.gatewayz.obs.metrics.tsdb.block.BlockMeta;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The persisted blocks of one TSDB under {@code <dir>/blocks/}: opened at start (leftover
 * {@code *.tmp} directories of an interrupted write are deleted, so are blocks a finished
 * compaction had already replaced), compacted level by level, deleted by retention. The list is
 * copy-on-write, so a querier holds a consistent set while blocks are swapped. Thread-safe;
 * mutations are serialized by the caller ({@link Tsdb#maintain()}).
 */
final class TsdbBlocks {
    private static final System.Logger LOG = System.getLogger(TsdbBlocks.class.getName());

    private final Path dir;
    private final Clock clock;
    private volatile List<Block> blocks;

    TsdbBlocks(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
        try {
            Files.createDirectories(dir);
            List<Path> dirs;
            try (Stream<Path> s = Files.list(dir)) {
                dirs = s.filter(Files::isDirectory).sorted().toList();
            }
            List<Block> open = new ArrayList<>();
            for (Path p : dirs) {
                String name = p.getFileName().toString();
                if (name.endsWith(BlockFiles.TMP_SUFFIX)) {
                    LOG.log(System.Logger.Level.WARNING, "deleting unfinished block [dir=" + p + "]");
                    BlockFiles.deleteTree(p);
                } else if (BlockIds.isId(name)) {
                    open.add(Block.open(p));
                }
            }
            List<Block> live = new ArrayList<>();
            for (Block b : open) {
                if (supersededBy(b, open) != null) {
                    LOG.log(System.Logger.Level.INFO, "deleting block already compacted into another [block=" + b.meta().id()
                            + ", by=" + supersededBy(b, open).meta().id() + "]");
                    BlockFiles.deleteTree(b.dir());
                } else {
                    live.add(b);
                }
            }
            this.blocks = sorted(live);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A block whose sources include all of {@code b}'s, other than {@code b} itself. */
    private static Block supersededBy(Block b, List<Block> all) {
        Set<String> mine = new HashSet<>(b.meta().sources());
        for (Block o : all) {
            if (o != b && o.meta().level() > b.meta().level() && o.meta().sources().containsAll(mine)) {
                return o;
            }
        }
        return null;
    }

    private static List<Block> sorted(List<Block> l) {
        List<Block> c = new ArrayList<>(l);
        c.sort(Comparator.comparingLong((Block b) -> b.meta().minTime()).thenComparing(b -> b.meta().id()));
        return List.copyOf(c);
    }

    Path dir() {
        return dir;
    }

    List<Block> list() {
        return blocks;
    }

    String newId() {
        return BlockIds.next(clock.millis());
    }

    void add(Block b) {
        List<Block> l = new ArrayList<>(blocks);
        l.add(b);
        blocks = sorted(l);
    }

    private void remove(List<Block> gone) {
        List<Block> l = new ArrayList<>(blocks);
        l.removeAll(gone);
        blocks = sorted(l);
        for (Block b : gone) {
            BlockFiles.deleteTree(b.dir()); // open mappings stay readable until unreachable
        }
    }

    long bytes() {
        long n = 0;
        for (Block b : blocks) {
            n += b.sizeBytes();
        }
        return n;
    }

    /** Deletes blocks whose every sample is older than {@code cutoff}; returns how many. */
    int deleteBefore(long cutoff) {
        List<Block> gone = blocks.stream().filter(b -> b.meta().maxTime() <= cutoff).toList();
        if (!gone.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "retention deletes blocks [count=" + gone.size() + ", cutoff=" + cutoff + "]");
            remove(gone);
        }
        return gone.size();
    }

    /** Deletes oldest blocks until blocks plus {@code otherBytes} fit {@code budget}; returns how many. */
    int deleteForSize(long budget, long otherBytes) {
        List<Block> gone = new ArrayList<>();
        long total = bytes() + otherBytes;
        for (Block b : blocks) {
            if (total <= budget) {
                break;
            }
            gone.add(b);
            total -= b.sizeBytes();
        }
        if (!gone.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "size retention deletes blocks [count=" + gone.size() + ", budget=" + budget + "]");
            remove(gone);
        }
        return gone.size();
    }

    /** Runs planned compactions until none is left; returns how many blocks were written. */
    int compact(long[] ranges, int chunkPoints) {
        int written = 0;
        for (int guard = 0; guard < 1000; guard++) {
            List<Block> plan = BlockCompactor.plan(blocks, ranges);
            if (plan.isEmpty()) {
                break;
            }
            BlockMeta m = BlockCompactor.compact(plan, dir, newId(), chunkPoints);
            List<Block> l = new ArrayList<>(blocks);
            l.removeAll(plan);
            l.add(Block.open(dir.resolve(m.id())));
            blocks = sorted(l);
            for (Block b : plan) {
                BlockFiles.deleteTree(b.dir());
            }
            written++;
            LOG.log(System.Logger.Level.INFO, "compacted blocks [sources=" + plan.size() + ", into=" + m.id() + ", level="
                    + m.level() + ", minTime=" + m.minTime() + ", maxTime=" + m.maxTime() + ", samples=" + m.numSamples() + "]");
        }
        return written;
    }
}
