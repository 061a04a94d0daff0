import GateCode
import GateSQL

/// What an app's earlier Django migrations at head define, for an `AlterField` to be compared with: read from the
/// head tree through the code index, one migration folder's files in Django's numbered order.
enum DjangoFieldHistoryAtHead {
    /// The fields as the migrations before `path` (in its folder) leave them; nil without a head tree to read.
    static func before(_ path: String, in project: Project?) -> DjangoFieldHistory? {
        guard let project, let version = MigrationVersion(fileName: fileName(path)) else { return nil }
        let earlier = migrations(in: DjangoFieldHistory.appFolder(of: path), of: project).filter { $0.version < version }
        return earlier.last.map { history(after: $0.path, among: earlier, in: project) } ?? DjangoFieldHistory()
    }

    /// The fields as every migration of the folder leaves them; nil when the folder holds no migration (the app is
    /// not migrated, or has no head tree to read).
    static func latest(inFolder folder: String, of project: Project) -> DjangoFieldHistory? {
        let all = migrations(in: folder, of: project)
        return all.last.map { history(after: $0.path, among: all, in: project) }
    }

    /// The history once the migration at `path` has run: the history before it, and its own operations. Kept per
    /// path for the check, so a change holding several migrations of one app reads each earlier file once.
    private static func history(
        after path: String, among migrations: [(path: String, version: MigrationVersion)], in project: Project
    ) -> DjangoFieldHistory {
        project.configuration("django-field-history:" + path) {
            guard let index = migrations.firstIndex(where: { $0.path == path }) else { return DjangoFieldHistory() }
            var fields = index > 0
                ? history(after: migrations[index - 1].path, among: migrations, in: project) : DjangoFieldHistory()
            fields.apply(project.contents(of: path) ?? [])
            return fields
        }
    }

    /// The folder's numbered Python migrations, in order.
    private static func migrations(in directory: String, of project: Project) -> [(path: String, version: MigrationVersion)] {
        project.files(inDirectory: directory).compactMap { path -> (path: String, version: MigrationVersion)? in
            guard path.hasSuffix(".py"), let version = MigrationVersion(fileName: fileName(path)) else { return nil }
            return (path, version)
        }
        .sorted { ($0.version, $0.path) < ($1.version, $1.path) }
    }

    private static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
