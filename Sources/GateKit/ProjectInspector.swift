import Foundation
import GateRules

/// What `gate init` learns about a repository before writing its policy: where migrations and jobs
/// live, which paid SDKs the manifests pull in, and where the application deploys.
public struct ProjectInspection: Sendable, Equatable {
    /// A folder of migrations and the framework whose layout it has.
    public struct MigrationFolder: Sendable, Equatable {
        public var path: String
        public var framework: String
        /// Whether the folder holds SQL that `gate deploy` applies itself (else a `--migrate-cmd` runs it).
        public var isSQL: Bool

        /// The `--migrate-cmd` gate deploy needs for migrations written in code; nil for SQL.
        public var migrateCommand: String? { isSQL ? nil : InitPolicy.migrator(of: self) }
    }

    /// A paid SDK one manifest declares.
    public struct ManifestSDK: Sendable, Equatable {
        public var manifest: String
        public var providerID: String
        public var package: String
    }

    public var migrationFolders: [MigrationFolder] = []
    public var jobFolders: [String] = []
    public var paidSDKs: [ManifestSDK] = []
    /// Deploy targets recognised by their configuration file (`Vercel (vercel.json)`).
    public var deployTargets: [String] = []
    /// Set when the walk stopped at its bound: what was found is still right, but may be incomplete.
    public var truncated = false
    /// The repository runs GitLab CI (`.gitlab-ci.yml`) and has no `.github` folder: the GitHub workflows gate init
    /// writes would not run there.
    public var gitLabOnly = false

    /// The folder `gate deploy` reads (`deploy.migrations`): the first SQL migration folder found, else the first
    /// framework's, which deploy runs through `--migrate-cmd` (it refuses a directory that is not there).
    public var deployMigrationFolder: MigrationFolder? { migrationFolders.first(where: \.isSQL) ?? migrationFolders.first }

    /// The folder `gate deploy` should apply (`deploy.migrations`).
    public var deployMigrations: String? { deployMigrationFolder?.path }
}

/// Walks a working tree (skipping dependencies, build output and VCS folders) and recognises what
/// `gate init` needs to tailor the policy.
public struct ProjectInspector: Sendable {
    /// Folders never looked into: installed dependencies, build output and tool caches.
    static let skippedFolders: Set<String> = [
        ".git", "node_modules", "vendor", "third_party", "dist", "build", ".build", ".next", ".nuxt", ".turbo",
        "target", "__pycache__", ".venv", "venv", ".tox", ".mypy_cache", "coverage", ".gradle", "Pods", "bin", "obj",
    ]
    /// Folder names that conventionally hold background work.
    static let jobFolderNames: Set<String> = [
        "jobs", "workers", "worker", "queues", "queue", "cron", "crons", "inngest", "trigger", "sidekiq", "consumers",
    ]
    /// Configuration files that name a deploy target.
    static let deployMarkers: [(file: String, target: String)] = [
        ("vercel.json", "Vercel"), ("netlify.toml", "Netlify"), ("fly.toml", "Fly.io"), ("render.yaml", "Render"),
        ("railway.json", "Railway"), ("railway.toml", "Railway"), ("Procfile", "Heroku-style Procfile"),
        ("app.yaml", "Google App Engine"), ("serverless.yml", "Serverless Framework"), ("Dockerfile", "a container image"),
        ("wrangler.toml", "Cloudflare Workers"), ("amplify.yml", "AWS Amplify"),
    ]

    public var root: URL
    /// At most this many files are looked at, so `gate init` stays quick on a huge monorepo.
    public var fileBound: Int

    public init(root: String, fileBound: Int = 50_000) {
        self.root = URL(fileURLWithPath: root)
        self.fileBound = fileBound
    }

    public func inspect() -> ProjectInspection {
        var inspection = ProjectInspection()
        // Folders a tool's configuration file names (a knexfile's `migrations.directory`): the walk reaches a folder
        // after its parent, so a configuration is read before the folders it names below it.
        var configured: [String: JavaScriptMigrationTools.ConfiguredFolder] = [:]
        var visited = 0
        var pending: [String] = [""]
        while let relative = pending.popLast() {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: url(relative).path))?.sorted() ?? []
            var files: [String] = []
            for name in entries {
                let path = relative.isEmpty ? name : "\(relative)/\(name)"
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: url(path).path, isDirectory: &isDirectory) else { continue }
                if isDirectory.boolValue {
                    if !Self.skippedFolders.contains(name) { pending.append(path) }
                } else {
                    files.append(name)
                }
            }
            visited += files.count
            if visited > fileBound {
                inspection.truncated = true
                break
            }
            for file in files where JavaScriptMigrationTools.isConfiguration(file) {
                let path = relative.isEmpty ? file : "\(relative)/\(file)"
                guard let data = FileManager.default.contents(atPath: url(path).path) else { continue }
                for folder in JavaScriptMigrationTools.configuredFolders(
                    in: relative, file: file, text: String(decoding: data, as: UTF8.self))
                where configured[folder.path] == nil {
                    configured[folder.path] = folder
                }
            }
            inspect(folder: relative, files: files, configured: configured[relative], into: &inspection)
            // A migration folder's subfolders are its migrations (Prisma) or metadata (Drizzle), not new finds.
            if !relative.isEmpty, inspection.migrationFolders.last?.path == relative {
                pending.removeAll { $0.hasPrefix(relative + "/") }
            }
        }
        inspection.migrationFolders.sort { $0.path < $1.path }
        inspection.jobFolders = Self.outermost(inspection.jobFolders)
        inspection.gitLabOnly = exists(".gitlab-ci.yml") && !exists(".github")
        return inspection
    }

    private func inspect(
        folder: String, files: [String], configured: JavaScriptMigrationTools.ConfiguredFolder?,
        into inspection: inout ProjectInspection
    ) {
        let name = folder.split(separator: "/").last.map(String.init) ?? ""
        if let framework = migrationFramework(folder: folder, files: files, configured: configured) {
            inspection.migrationFolders.append(framework)
        }
        // Any case, as the check reads job folders: Laravel's and .NET's `Jobs`, Rails' `jobs`.
        if Self.jobFolderNames.contains(name.lowercased()) { inspection.jobFolders.append(folder) }
        for file in files {
            let path = folder.isEmpty ? file : "\(folder)/\(file)"
            if ManifestDependencies.isManifest(path), let data = FileManager.default.contents(atPath: url(path).path) {
                for sdk in ManifestDependencies.paidSDKs(inManifestAt: path, bytes: Array(data)) {
                    inspection.paidSDKs.append(.init(manifest: path, providerID: sdk.providerID, package: sdk.package))
                }
            }
            if let marker = Self.deployMarkers.first(where: { $0.file == file }) {
                let target = "\(marker.target) (\(path))"
                if !inspection.deployTargets.contains(target) { inspection.deployTargets.append(target) }
            }
        }
    }

    /// The migration framework whose layout `folder` has, from its files and its subfolders' files; `configured` when a
    /// tool's configuration file names the folder.
    private func migrationFramework(
        folder: String, files: [String], configured: JavaScriptMigrationTools.ConfiguredFolder?
    ) -> ProjectInspection.MigrationFolder? {
        let components = folder.split(separator: "/").map(String.init)
        let name = components.last ?? ""
        let parent = components.dropLast().last ?? ""
        func found(_ framework: String, sql: Bool) -> ProjectInspection.MigrationFolder {
            .init(path: folder, framework: framework, isSQL: sql)
        }
        let sqlFiles = files.filter { $0.hasSuffix(".sql") }
        if files.contains("migration_lock.toml") || (parent == "prisma" && name == "migrations") {
            return found("Prisma", sql: true)
        }
        if exists("\(folder)/meta/_journal.json") { return found("Drizzle", sql: true) }
        if let configured, configured.isSQL, !sqlFiles.isEmpty { return found(configured.framework, sql: true) }
        if parent == "supabase" && name == "migrations" { return found("Supabase", sql: true) }
        if parent == "db" && name == "migrate" && files.contains(where: { $0.hasSuffix(".rb") }) {
            return found("Rails", sql: false)
        }
        if name == "versions" && (parent == "alembic" || exists("\(components.dropLast().joined(separator: "/"))/env.py")) {
            return found("Alembic", sql: false)
        }
        if name == "migrations" && files.contains("__init__.py") && files.contains(where: { $0.hasPrefix("0001_") }) {
            return found("Django", sql: false)
        }
        if files.contains("sqitch.plan") { return found("Sqitch", sql: true) }
        // Migrations written as code, which deploy runs through --migrate-cmd.
        let phpFiles = files.filter { $0.hasSuffix(".php") }
        if name == "migrations", parent == "database", !phpFiles.isEmpty { return found("Laravel", sql: false) }
        if name == "migrations", parent == "db", !phpFiles.isEmpty { return found("Phinx", sql: false) }
        if name.lowercased().contains("migrat"), phpFiles.contains(where: { $0.hasPrefix("Version") }) {
            return found("Doctrine", sql: false)
        }
        if name == "Migrations", files.contains(where: { $0.hasSuffix("ModelSnapshot.cs") }) { return found("EF Core", sql: false) }
        if name == "src", parent == "migration", files.contains(where: { $0.hasPrefix("m") && $0.hasSuffix(".rs") }) {
            return found("SeaORM", sql: false)
        }
        // Diesel: no files of its own, a folder a migration (`2024-05-01-120000_add_users/up.sql`). Found here, not as
        // each migration's folder: deploy is given the folder holding them.
        if name.contains("migrat"), sqlFiles.isEmpty, isDieselMigrationsFolder(folder) { return found("Diesel", sql: true) }
        if let tool = javaScriptTool(folder: folder, files: files, configured: configured) { return found(tool, sql: false) }
        guard !sqlFiles.isEmpty, name.contains("migrat") || parent.contains("migrat") || name == "sql" else { return nil }
        if sqlFiles.contains(where: { $0.hasSuffix(".up.sql") }) { return found("golang-migrate", sql: true) }
        if sqlFiles.contains(where: { $0.hasPrefix("V") && $0.contains("__") }) { return found("Flyway", sql: true) }
        return found("SQL", sql: true)
    }

    /// The JavaScript tool whose migration scripts `folder` holds (more scripts than SQL files, in a folder named for
    /// migrations or one a configuration names): the configuration's tool, else the one the scripts' API names, else
    /// the one the nearest `package.json` installs; nil when nothing names one.
    private func javaScriptTool(
        folder: String, files: [String], configured: JavaScriptMigrationTools.ConfiguredFolder?
    ) -> String? {
        let scripts = files.filter(JavaScriptMigrationTools.isScript)
        guard !scripts.isEmpty, scripts.count > files.filter({ $0.hasSuffix(".sql") }).count else { return nil }
        if let configured, !configured.isSQL { return configured.framework }
        // Named for migrations, and holding at least one named as the tools name them (a timestamp or sequence
        // number first, MikroORM's `Migration20240501…`): `app/api/migrations/route.ts` is an endpoint.
        guard (folder.split(separator: "/").last ?? "").lowercased().contains("migrat"),
              scripts.contains(where: { $0.first?.isNumber == true || $0.hasPrefix("Migration") })
        else { return nil }
        // A few files' openings say it: every migration of a folder is written for the same tool.
        let heads = scripts.prefix(3).compactMap { file -> [UInt8]? in
            guard let handle = FileHandle(forReadingAtPath: url("\(folder)/\(file)").path) else { return nil }
            defer { try? handle.close() }
            return (try? handle.read(upToCount: 8192)).map(Array.init)
        }
        if let tool = JavaScriptMigrationTools.framework(ofScripts: heads) { return tool }
        var components = folder.split(separator: "/").map(String.init).dropLast()
        while true {
            let manifest = (components + ["package.json"]).joined(separator: "/")
            if let data = FileManager.default.contents(atPath: url(manifest).path),
               let tool = JavaScriptMigrationTools.framework(ofManifest: Array(data))
            {
                return tool
            }
            guard !components.isEmpty else { return nil }
            components = components.dropLast()
        }
    }

    /// The folders none of the others holds, sorted: `services/worker/**` already covers `services/worker/worker`.
    static func outermost(_ folders: [String]) -> [String] {
        var kept: [String] = []
        for folder in folders.sorted() where !kept.contains(where: { folder.hasPrefix($0 + "/") }) {
            kept.append(folder)
        }
        return kept
    }

    private func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: url(relative).path) }

    /// Whether `folder`'s subfolders are Diesel migrations: named from their version (`2024-05-01-120000_x`,
    /// `00000000000000_diesel_initial_setup`), each holding an `up.sql`.
    private func isDieselMigrationsFolder(_ folder: String) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url(folder).path)) ?? []
        return names.contains { name in
            name.first?.isNumber == true && name.contains("_") && exists("\(folder)/\(name)/up.sql")
        }
    }

    private func url(_ relative: String) -> URL { relative.isEmpty ? root : root.appendingPathComponent(relative) }
}
