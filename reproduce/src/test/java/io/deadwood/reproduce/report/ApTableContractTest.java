package io.deadwood.reproduce.report;

import io.deadwood.api.report.SuiteTable;
import io.deadwood.testkit.SuiteTableContract;

class ApTableContractTest extends SuiteTableContract {
    @Override
    protected SuiteTable table() {
        return new ApTable();
    }
}
