package io.deadwood.reproduce.report;

import io.deadwood.api.report.SuiteTable;
import io.deadwood.testkit.SuiteTableContract;

class DempTableContractTest extends SuiteTableContract {
    @Override
    protected SuiteTable table() {
        return new DempTable();
    }
}
