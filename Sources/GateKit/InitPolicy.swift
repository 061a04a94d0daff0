import GateDeploy
import GatePolicy

/// The policy `gate init` writes: the built-in default, with the paths it found in the repository filled
/// in and what it saw said in comments, so the team can check it at a glance.
enum InitPolicy {
    static func text(for inspection: ProjectInspection) -> String {
        var text = DefaultPolicy.text
        let migrationGlobs = inspection.migrationFolders.map { "\($0.path)/**" }
        let jobGlobs = inspection.jobFolders.map { "\($0)/**" }
        text = replacingLine("  jobs: []", with: list("jobs", jobGlobs, note: "found by gate init"), in: text)
        text = replacingLine("  migrations: []", with: list("migrations", migrationGlobs, note: "found by gate init"), in: text)
        if let folder = inspection.deployMigrationFolder {
            // The folder deploy accepts, whichever kind it is: a framework's migrations run through --migrate-cmd.
            var notes: [String] = []
            if !folder.isSQL {
                notes.append("  # \(folder.framework) migrations are code: gate deploy runs them with --migrate-cmd "
                    + "\"\(migrator(of: folder))\", then records and verifies them.")
            }
            if inspection.migrationFolders.count > 1 {
                notes.append("  # gate init found \(inspection.migrationFolders.count) migration folders and chose the first"
                    + (folder.isSQL && inspection.migrationFolders.contains { !$0.isSQL } ? " holding SQL" : "") + ": "
                    + inspection.migrationFolders.map { "\($0.path) (\($0.framework))" }.joined(separator: ", ")
                    + ". A deploy reads one; name the one this environment runs (or pass --migrations).")
            }
            text = replacingLine(
                "  migrations: db/migrations",
                with: (notes + ["  migrations: \(quoted(folder.path))"]).joined(separator: "\n"), in: text)
        } else {
            // Naming a folder that is not there would read as a choice someone made; left out, the key says plainly
            // that nothing was found, and deploy's behaviour without migrations is the safe one (SPEC §5 step 0).
            text = replacingLine("  migrations: db/migrations", with: noMigrationsNote, in: text)
        }
        // No command is guessed: a wrong one would fail after the migrations ran. Without one gate plan and gate deploy
        // stop before changing anything (exit 2), so the placeholder cannot half-release.
        text = replacingLine(
            "  rollout: { timeout: 30m }",
            with: "  # TODO: the command that releases the code, run after the migrations (an argument vector, no shell), e.g.\n"
                + "  #   rollout: { command: [\"./scripts/rollout.sh\"], timeout: 30m }\n"
                + "  # Until it is set, gate plan and gate deploy stop before changing anything (exit 2).\n"
                + "  rollout: { timeout: 30m }",
            in: text)
        return insertingBeforeVersion(summary(of: inspection), in: text)
    }

    /// What the policy says in place of `deploy.migrations` when gate init found no migrations folder.
    static let noMigrationsNote = """
          # migrations: not set — gate init found no migrations folder in this repository. Until it is set, gate deploy
          # reads db/migrations (absent here) and applies no migration, and refuses if migrations appear elsewhere.
          # Name the folder (migrations: PATH, or --migrations PATH) once the project has one.
        """

    /// The command that runs a framework folder's migrations, as gate deploy's refusal names it.
    static func migrator(of folder: ProjectInspection.MigrationFolder) -> String {
        let layout = folder.framework.lowercased().replacingOccurrences(of: " ", with: "-")
        // Deploy's keys spell two names with a hyphen the framework's own name does not have.
        let key = ["seaorm": "sea-orm", "mikroorm": "mikro-orm"][layout] ?? layout
        return ReleaseBase.migrators[key] ?? "<your migrator>"
    }

    /// Comment lines that say what gate init found, so a wrong guess is easy to spot.
    private static func summary(of inspection: ProjectInspection) -> String {
        var lines = ["# gate init looked at this repository and found:"]
        let migrations = inspection.migrationFolders.map { "\($0.path) (\($0.framework))" }
        lines.append("#   migrations: " + (migrations.isEmpty ? "none" : migrations.joined(separator: ", ")))
        lines.append("#   background jobs: " + (inspection.jobFolders.isEmpty ? "none" : inspection.jobFolders.joined(separator: ", ")))
        let sdks = inspection.paidSDKs.map { "\($0.providerID) (\($0.package) in \($0.manifest))" }
        lines.append("#   paid SDKs: " + (sdks.isEmpty ? "none" : sdks.joined(separator: ", ")))
        lines.append("#   deploys with: " + (inspection.deployTargets.isEmpty ? "unknown" : inspection.deployTargets.joined(separator: ", ")))
        if inspection.truncated { lines.append("#   (the repository is large: gate init stopped looking after 50,000 files)") }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func list(_ key: String, _ values: [String], note: String) -> String {
        guard !values.isEmpty else { return "  \(key): []" }
        return "  \(key):  # \(note)\n" + values.map { "    - \(quoted($0))" }.joined(separator: "\n")
    }

    /// A YAML double-quoted scalar (paths may hold characters YAML would read otherwise).
    private static func quoted(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    private static func replacingLine(_ line: String, with replacement: String, in text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        guard let index = lines.firstIndex(of: line) else { return text }
        lines[index] = replacement
        return lines.joined(separator: "\n")
    }

    private static func insertingBeforeVersion(_ block: String, in text: String) -> String {
        guard let range = text.range(of: "\nversion: 1\n") else { return block + text }
        return text.replacingCharacters(in: range, with: "\n" + block + "version: 1\n")
    }
}
