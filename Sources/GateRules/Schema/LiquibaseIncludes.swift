import GateCode
import GateCore
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
                    for path in paths(reachedBy: inclusion, from: changelog, among: candidates) where !reached.contains(path) {
                        reached.insert(path)
                        if changelogSuffix(path) == false { pending.append(path) }
                    }
                }
            }
            return reached
        }
    }

    /// The paths among `candidates` that `inclusion` of `changelog` reaches: the file an `include` names, or
    /// every one under the folder of an `includeAll`.
    private static func paths(
        reachedBy inclusion: LiquibaseChangelogReader.Inclusion, from changelog: String, among candidates: [String]
    ) -> [String] {
        var target = MigrationLayout.normalizedLiquibasePath(inclusion.path)
        if inclusion.relativeToChangelog {
            target = MigrationLayout.normalizedLiquibasePath(RepoPath.join(RepoPath.directory(of: changelog), target))
        }
        let folder = target.hasSuffix("/") ? String(target.dropLast()) : target
        guard !folder.isEmpty else { return [] }
        return candidates.filter { path in
            guard path != changelog else { return false }
            return inclusion.isDirectory
                ? (inclusion.relativeToChangelog ? path.hasPrefix(folder + "/") : ("/" + path).contains("/" + folder + "/"))
                : path == target || (!inclusion.relativeToChangelog && path.hasSuffix("/" + target))
        }
    }

    /// For a changelog that holds no changeset of its own and only lists others (Spring Boot's
    /// `db.changelog-master.yaml`), the changelogs each inclusion the change adds to it reaches at head (an
    /// `include` of a path that is not there reaches none). Nil for a changelog with a changeset, or when the change
    /// adds no inclusion (it only takes one out, or edits around them): the listing is then judged as it is.
    static func addedInclusions(of file: SourceFile, project: Project) -> [[String]]? {
        let bytes = file.bytes
        guard LiquibaseChangelogReader.isChangelog(bytes), !LiquibaseChangelogReader.hasChangeSets(bytes, path: file.path)
        else { return nil }
        let candidates = project.paths.filter { changelogSuffix($0) != nil }
        var reached: [[String]] = []
        for inclusion in LiquibaseChangelogReader.inclusions(bytes, path: file.path)
        where writesOnAddedLine(inclusion.path, in: bytes, addedLines: file.addedLines) {
            reached.append(paths(reachedBy: inclusion, from: file.path, among: candidates))
        }
        return reached.isEmpty ? nil : reached
    }

    /// Whether `value` is written on a line the change adds (an inclusion's path, where the changelog names it).
    private static func writesOnAddedLine(_ value: String, in bytes: [UInt8], addedLines: LineSet) -> Bool {
        let needle = Array(value.utf8)
        guard !needle.isEmpty else { return false }
        var from = 0
        while let start = bytes.firstIndex(ofSequence: needle, from: from) {
            let line = 1 + bytes[..<start].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            if addedLines.contains(line) { return true }
            from = start + needle.count
        }
        return false
    }

    private static let includeWord = Array("include".utf8)
}
