extension MigrationLayout {
    /// What a migration keeps when it is renamed under its version: its migrations directory, its version (`identity`),
    /// what its name says besides the description (`.up.sql` or `.down.sql`, a Prisma folder's `migration.sql`) and
    /// its format. A file the change deletes and one it adds with the same key are one migration renamed, whether or
    /// not git paired them (it pairs by similar content, and a short file edited is not similar enough), and
    /// `gate deploy`, which knows an applied migration by its file name, names the file an applied one became.
    ///
    /// Nil when the name carries no version (a Sqitch change, Flyway's `R__` repeatable: renamed, it is another
    /// migration), for Django, which names a migration by its whole name, and for Alembic, which names a revision by
    /// the `revision = "…"` inside it whatever the file is called.
    public static func renameKey(of path: String, kind: MigrationFileKind) -> String? {
        renameKeyParts(of: path, kind: kind).map { [$0.directory, $0.version, $0.part, $0.format].joined(separator: "\u{1F}") }
    }

    /// `renameKey` without the version: the same for a migration renamed to another version in its directory, with
    /// its part and format kept (`V3__add_index.sql` → `V7__add_index.sql`, a Prisma folder given a later timestamp).
    /// Such a rename is another migration to every tool that records versions, and so to `gate deploy`.
    public static func slotKey(of path: String, kind: MigrationFileKind) -> String? {
        renameKeyParts(of: path, kind: kind).map { [$0.directory, $0.part, $0.format].joined(separator: "\u{1F}") }
    }

    private static func renameKeyParts(of path: String, kind: MigrationFileKind)
        -> (directory: String, version: String, part: String, format: String)?
    {
        guard kind.format != .alembic, kind.format != .django else { return nil }
        let components = path.split(separator: "/")
        guard let name = components.last else { return nil }
        // Prisma's and Diesel's migrations are folders: the folder carries the version, the file its part.
        let isFolder = ["migration.sql", "up.sql", "down.sql"].contains(name) && components.count > 1
        let (version, description) = splitVersion(isFolder ? components[components.count - 2] : name)
        guard !version.isEmpty else { return nil }
        // What the name says besides its description: `.up.sql`, `.down.sql`, `.Designer.cs`.
        let part = isFolder ? name : description.firstIndex(of: ".").map { description[$0...] } ?? ""
        return (migrationsDirectory(of: path, kind: kind), String(version), String(part), kind.format.rawValue)
    }
}
