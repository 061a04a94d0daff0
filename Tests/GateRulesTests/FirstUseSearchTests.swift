import Foundation
import XCTest

@testable import GateRules

/// The first use of each name in file order, searched on every core (`FirstUseSearch`).
final class FirstUseSearchTests: XCTestCase {
    /// A later file that finishes first does not keep a name an earlier file, still being searched, also uses.
    func testAnEarlierFileWinsEvenWhenALaterOneFinishesFirst() {
        let search = FirstUseSearch<String>(files: 3, names: 1)
        let found = search.run(prepare: { $0 }) { file, _ in
            // File 0 is slow: on two cores file 1 is searched, and records its use, while file 0 still runs.
            if file == 0 { Thread.sleep(forTimeInterval: 0.2) }
            return file < 2 ? [0: "use in file \(file)"] : [:]
        }
        XCTAssertEqual(found.map { $0?.file }, [0])
        XCTAssertEqual(found.map { $0?.use }, ["use in file 0"])
    }

    /// A name no file uses keeps every file searched for it, and is reported with no use.
    func testANameNoFileUsesIsSearchedForInEveryFile() {
        let asked = Asked()
        // Every file uses names 0 and 1 when asked for them; none uses name 2.
        let search = FirstUseSearch<Int>(files: 50, names: 3)
        let found = search.run(prepare: { $0 }) { file, wanted in
            asked.note(file, wanted)
            return Dictionary(uniqueKeysWithValues: [0, 1].filter { wanted[$0] }.map { ($0, file) })
        }
        XCTAssertEqual(found.map { $0?.file }, [0, 0, nil])
        XCTAssertEqual(asked.files.count, 50)
        XCTAssertTrue(asked.files.values.allSatisfy { $0[2] }, "a file was not searched for the unused name")
    }

    /// Once every name has a use, the files after are not read.
    func testOnceEveryNameHasAUseTheRestAreNotRead() {
        let asked = Asked()
        let found = FirstUseSearch<Int>(files: 50, names: 1).run(prepare: { $0 }) { file, _ in
            asked.note(file, [])
            // Every file but the first is slow, so the other core takes few of them while the first records its use.
            if file > 0 { Thread.sleep(forTimeInterval: 0.05) }
            return [0: file]
        }
        XCTAssertEqual(found.map { $0?.file }, [0])
        XCTAssertLessThan(asked.files.count, 10, "files after the one that found the only name were read")
    }

    private final class Asked: @unchecked Sendable {
        private let lock = NSLock()
        private var asked: [Int: [Bool]] = [:]
        func note(_ file: Int, _ wanted: [Bool]) { lock.withLock { asked[file] = wanted } }
        var files: [Int: [Bool]] { lock.withLock { asked } }
    }
}
