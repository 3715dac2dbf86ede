package ai.gatewayz.obs.logs.logql.script;

import ai.gatewayz.obs.logs.logql.testsupport.ListLogStorage;
import ai.gatewayz.obs.logs.storage.LogStorage;

/** The script corpus over the test-only list storage (the production storages bind the same contract). */
class ListStorageScriptTest extends LogqlScriptContract {
    @Override
    protected LogStorage newStorage() {
        return new ListLogStorage();
    }
}
