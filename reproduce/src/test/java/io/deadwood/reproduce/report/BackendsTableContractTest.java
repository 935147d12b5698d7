package io.deadwood.reproduce.report;

import io.deadwood.api.report.SuiteTable;
import io.deadwood.testkit.SuiteTableContract;

class BackendsTableContractTest extends SuiteTableContract {
    @Override
    protected SuiteTable table() {
        return new BackendsTable();
    }
}
