import GateCode
import GateSQL

/// The changelogs a project's Liquibase changelogs include from folders whose names say nothing of Liquibase
/// (`includeAll: path: db/releases/2025/` from `db/changelog/db.changelog-master.yaml`): Liquibase runs them like any
/// other, so they are read as migrations, though `MigrationLayout`'s path conventions do not know them.
enum LiquibaseIncludes {
    /// The kind of the changelog at `path` when a changelog of the project includes it and its text is one
    /// (`databaseChangeLog`, or a formatted SQL changelog); nil otherwise.
    static func includedKind(_ path: String, bytes: [UInt8], project: Project) -> MigrationFileKind? {
        guard let isSQL = changelogSuffix(path), included(in: project).contains(path) else { return nil }
        if isSQL {
            return LiquibaseChangelogReader.isFormattedSQL(bytes) ? MigrationFileKind(format: .sql, framework: "liquibase") : nil
        }
        return LiquibaseChangelogReader.isChangelog(bytes) ? MigrationFileKind(format: .liquibase, framework: "liquibase") : nil
    }

    /// Whether a changelog of the project includes `path`, by its path alone.
    static func mayBeIncluded(_ path: String, project: Project) -> Bool {
        changelogSuffix(path) != nil && included(in: project).contains(path)
    }

    /// Whether `path` ends as a changelog may (true for `.sql`, false for XML, YAML and JSON); nil otherwise.
    /// Asked of every path of the project once per check: compared by bytes, with no string made.
    private static func changelogSuffix(_ path: String) -> Bool? {
        let bytes = path.utf8
        // Every suffix ends in `l` or `n` (`.sql`, `.xml`, `.yaml`, `.yml`, `.json`), and most paths (code) in neither:
        // they are turned away on their last byte, as the diff asks this of every changed path.
        guard let last = bytes.last.map(Byte.lower), last == UInt8(ascii: "l") || last == UInt8(ascii: "n") else { return nil }
        func ends(_ suffix: [UInt8]) -> Bool {
            guard bytes.count >= suffix.count else { return false }
            var index = bytes.index(bytes.endIndex, offsetBy: -suffix.count)
            for byte in suffix {
                guard Byte.lower(bytes[index]) == byte else { return false }
                index = bytes.index(after: index)
            }
            return true
        }
        if ends(sqlSuffix) { return true }
        return documentSuffixes.contains(where: ends) ? false : nil
    }

    private static let sqlSuffix = Array(".sql".utf8)
    private static let documentSuffixes = [".xml", ".yaml", ".yml", ".json"].map { Array($0.utf8) }

    /// Every path of the project some changelog includes (`include` a file, `includeAll` a folder, either relative
    /// to the including changelog or to Liquibase's search path, matched at any root as the layout reader does),
    /// following the included changelogs' own includes. The first changelogs are those the path conventions know
    /// (a `changelog` or `liquibase` in the path); read once per check.
    private static func included(in project: Project) -> Set<String> {
        project.configuration("liquibase:included") {
            // Most projects have no changelog: answered before any other path is looked at twice.
            var pending = project.paths.filter { path in
                guard changelogSuffix(path) == false else { return false }
                let lower = path.lowercased()
                return lower.contains("changelog") || lower.contains("liquibase")
            }
            guard !pending.isEmpty else { return [] }
            let candidates = project.paths.filter { changelogSuffix($0) != nil }
            var read: Set<String> = []
            var reached: Set<String> = []
            while let changelog = pending.popLast() {
                guard read.insert(changelog).inserted, let bytes = project.contents(of: changelog),
                      LiquibaseChangelogReader.isChangelog(bytes), bytes.containsSequence(includeWord)
                else { continue }
                for inclusion in LiquibaseChangelogReader.inclusions(bytes, path: changelog) {
                    var target = MigrationLayout.normalizedLiquibasePath(inclusion.path)
                    if inclusion.relativeToChangelog {
                        target = MigrationLayout.normalizedLiquibasePath(RepoPath.join(RepoPath.directory(of: changelog), target))
                    }
                    let folder = target.hasSuffix("/") ? String(target.dropLast()) : target
                    guard !folder.isEmpty else { continue }
                    for path in candidates where path != changelog && !reached.contains(path) {
                        let matches = inclusion.isDirectory
                            ? (inclusion.relativeToChangelog ? path.hasPrefix(folder + "/") : ("/" + path).contains("/" + folder + "/"))
                            : path == target || (!inclusion.relativeToChangelog && path.hasSuffix("/" + target))
                        guard matches else { continue }
                        reached.insert(path)
                        if changelogSuffix(path) == false { pending.append(path) }
                    }
                }
            }
            return reached
        }
    }

    private static let includeWord = Array("include".utf8)
}
