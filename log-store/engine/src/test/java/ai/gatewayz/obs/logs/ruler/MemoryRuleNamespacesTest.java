package ai.gatewayz.obs.logs.ruler;

class MemoryRuleNamespacesTest extends RuleNamespacesContract {
    @Override
    RuleNamespaces store() {
        return new MemoryRuleNamespaces();
    }
}
