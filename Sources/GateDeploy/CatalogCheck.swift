import GatePostgres
import GateSQL

/// Read-only checks of a catalog against what migrations say it holds: for `gate plan` (what verify would find) and
/// `gate baseline` (does the database match the files it claims to have applied).
enum CatalogCheck {
    /// The checks still standing after `files` (in order) that the catalog does not satisfy, one sentence each.
    static func failures(_ files: [AnalyzedMigration], on connection: Connection) -> [String] {
        var failures: [String] = []
        for standing in SchemaFold.standing(files.map(\.script.statements)) {
            let file = files[standing.migration]
            do {
                // Each check alone, in autocommit: they only read, and one failing query must not hide the rest.
                let rows = try connection.unsafeExecuteScript(standing.check.sql)
                if rows.first?.bool(0) != true { failures.append("\(file.path):\(standing.line): \(standing.check.description)") }
            } catch {
                failures.append("\(file.path):\(standing.line): \(standing.check.description) (\(error))")
            }
        }
        return failures
    }
}
