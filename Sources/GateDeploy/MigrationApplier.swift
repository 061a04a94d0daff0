import Foundation
import GateCore
import GatePostgres
import GateSQL

/// Applies migration files to the target and records them in its history.
struct MigrationApplier {
    let state: DeployState
    let step: String

    /// A migration whose statements can all run in a transaction is applied and recorded in one; "applied" and
    /// "recorded" cannot diverge. The others run statement by statement with per-statement progress rows.
    func apply(_ file: MigrationFile) throws {
        let started = Date()
        if file.needsNoTransaction {
            try applyOutsideTransaction(file, started: started)
        } else {
            try state.retrying("\(step) \(file.name)") {
                try state.target.withTransaction { target in
                    for analyzed in file.script.statements { try execute(analyzed.statement, of: file, on: target) }
                    try record(file, started: started, on: target)
                }
            }
        }
        state.appliedNow.append(file.name)
        state.log("  applied \(file.path) (\(file.phase.rawValue)) in \(Int(Date().timeIntervalSince(started) * 1000))ms")
    }

    /// Statements Postgres refuses in a transaction block. Each completed statement leaves a progress row, so a
    /// re-run skips it; a `CREATE INDEX CONCURRENTLY` that failed half-way leaves an INVALID index, which is dropped
    /// before the statement runs again, and a valid index of that name means the statement already succeeded.
    private func applyOutsideTransaction(_ file: MigrationFile, started: Date) throws {
        let done = try state.retrying(step) {
            Set(try state.target.query("SELECT statement FROM gate.migration_progress WHERE name = \(file.name)")
                .compactMap { $0.int(0) })
        }
        for (ordinal, analyzed) in file.script.statements.enumerated() where !done.contains(ordinal) {
            if analyzed.requiresNoTransaction {
                try state.retrying("\(step) \(file.name)") {
                    if let index = ConcurrentIndex.name(in: analyzed.statement.text) {
                        if try prepareIndexRetry(named: index) { return }
                    }
                    try execute(analyzed.statement, of: file, on: state.target)
                }
                _ = try state.retrying(step) {
                    try state.target.execute(
                        "INSERT INTO gate.migration_progress (name, statement) VALUES (\(file.name), \(ordinal)) ON CONFLICT DO NOTHING")
                }
            } else {
                try state.retrying("\(step) \(file.name)") {
                    try state.target.withTransaction { target in
                        try execute(analyzed.statement, of: file, on: target)
                        try target.execute(
                            "INSERT INTO gate.migration_progress (name, statement) VALUES (\(file.name), \(ordinal))")
                    }
                }
            }
        }
        try state.retrying(step) {
            try state.target.withTransaction { target in
                try record(file, started: started, on: target)
                try target.execute("DELETE FROM gate.migration_progress WHERE name = \(file.name)")
            }
        }
    }

    /// Returns true when a valid index of that name already exists (the statement succeeded before its progress
    /// row was written); drops an INVALID one left by a failed concurrent build.
    private func prepareIndexRetry(named index: String) throws -> Bool {
        let rows = try state.target.query(
            """
            SELECT i.indisvalid, format('DROP INDEX CONCURRENTLY IF EXISTS %I.%I', n.nspname, c.relname)
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relname = \(index) AND pg_table_is_visible(c.oid)
            """)
        guard let row = rows.first else { return false }
        if row.bool(0) == true { return true }
        if let drop = row.string(1) {
            state.log("  dropping INVALID index \(index) left by a failed concurrent build")
            // The server quoted the identifiers with format('%I'); the text holds no value of ours.
            try state.target.unsafeExecuteScript(drop)
        }
        return false
    }

    private func execute(_ statement: SQLStatement, of file: MigrationFile, on target: Connection) throws {
        do {
            try target.unsafeExecuteScript(statement.text)
        } catch {
            throw StatementFailure(path: file.path, line: statement.line, error: error)
        }
    }

    private func record(_ file: MigrationFile, started: Date, on target: Connection) throws {
        let duration = Int(Date().timeIntervalSince(started) * 1000)
        let appliedBy = state.request.migrateCommand == nil ? "gate" : "migrate-cmd"
        try target.execute(
            """
            INSERT INTO gate.applied_migrations (name, version, checksum, phase, applied_by, environment, release_id, duration_ms)
            VALUES (\(file.name), \(file.version.description), \(file.checksum), \(file.phase.rawValue), \(appliedBy),
                    \(state.request.environment), \(state.releaseID), \(duration))
            """)
    }
}

/// Finds the index name of `CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ON …`, the one statement
/// whose failure leaves debris (an INVALID index) that blocks its own retry.
enum ConcurrentIndex {
    static func name(in statement: String) -> String? {
        var words = SQLWords(statement)
        guard words.nextKeyword() == "create" else { return nil }
        var word = words.nextKeyword()
        if word == "unique" { word = words.nextKeyword() }
        guard word == "index", words.nextKeyword() == "concurrently" else { return nil }
        var name = words.next()
        if name?.lowercased() == "if" {
            guard words.nextKeyword() == "not", words.nextKeyword() == "exists" else { return nil }
            name = words.next()
        }
        guard let name, name.lowercased() != "on" else { return nil }
        if name.hasPrefix("\"") { return String(name.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"") }
        return name.lowercased()
    }
}

/// The leading words of a statement, skipping whitespace and comments; quoted identifiers stay whole.
struct SQLWords {
    private let bytes: [UInt8]
    private var index = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    mutating func nextKeyword() -> String? { next()?.lowercased() }

    mutating func next() -> String? {
        skipTrivia()
        guard index < bytes.count else { return nil }
        let start = index
        if bytes[index] == UInt8(ascii: "\"") {
            index += 1
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") { index += 2; continue }
                    index += 1
                    break
                }
                index += 1
            }
        } else {
            while index < bytes.count, Self.isWordByte(bytes[index]) { index += 1 }
            if index == start { index += 1 }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func skipTrivia() {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0a || byte == 0x0d {
                index += 1
            } else if byte == UInt8(ascii: "-"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "-") {
                while index < bytes.count, bytes[index] != 0x0a { index += 1 }
            } else if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                index += 2
                while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) {
                    index += 1
                }
                index = min(bytes.count, index + 2)
            } else {
                return
            }
        }
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$") || byte >= 0x80
    }
}
