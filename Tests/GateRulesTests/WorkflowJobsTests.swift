import GateCore
import GateRules
import XCTest

final class WorkflowJobsTests: XCTestCase {
    func testJobsAreReadWithTheirCheckNamesLinesAndWhetherTheyRunGate() {
        let workflow = """
            name: ci
            on:
              pull_request:
                branches: [main]
            env:
              name: not-a-job
            jobs:
              # the suite
              tests:
                runs-on: ubuntu-latest
                steps:
                  - name: Test
                    run: npm test
              'admission':
                name: "Deployment gate"   # required by the ruleset
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4

                  - run: ./bin/gate check --format github
              deploy:
                needs: [admission]
                steps:
                  - run: make deploy
            concurrency: ci
            """.replacingOccurrences(of: "\n", with: "\r\n")
        let jobs = WorkflowJob.jobs(in: Array(workflow.utf8))
        XCTAssertEqual(jobs.map(\.checkName), ["tests", "Deployment gate", "deploy"])
        XCTAssertEqual(jobs.map(\.line), [9, 14, 21])
        XCTAssertEqual(jobs.map(\.nameLine), [nil, 15, nil])
        XCTAssertEqual(jobs.map(\.runsGate), [false, true, false])
    }

    func testTextWithoutAJobsMappingHasNoJobs() {
        XCTAssertEqual(WorkflowJob.jobs(in: Array("name: x\non: push\njobs: []\n".utf8)), [])
        XCTAssertEqual(WorkflowJob.jobs(in: Array("steps:\n  - run: gate check\n".utf8)), [])
    }
}
