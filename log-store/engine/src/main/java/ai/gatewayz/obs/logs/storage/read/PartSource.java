package ai.gatewayz.obs.logs.storage.read;

import ai.gatewayz.obs.common.LabelMatcher;
import java.util.List;

/** One indexed part of storage (head, flushing head, block) that can list its streams matching matchers. Thread-safe. */
@FunctionalInterface
public interface PartSource {
    List<StreamPart> select(List<LabelMatcher> matchers);
}
