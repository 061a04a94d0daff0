import GateCore
import GateSQL

/// Content gate could not analyse: a compressed archive, a code or migration file read only as bytes (too
/// large, or with NUL bytes), a submodule's new commit, a Git LFS pointer whose content lives elsewhere, a
/// symbolic link at a code or migration path.
///
/// Such content was still searched for secrets and paid hosts where it has bytes to search, but what it calls,
/// migrates or defines went unjudged, so it needs a person's look rather than passing silently.
public struct UnscannedContentDetector: Detector {
    public init() {}

    public let description = DetectorDescription(
        id: "unscanned-content", name: "Content gate could not analyse", category: .unscanned,
        rationale: """
            A gate is only as good as its weakest skip. Content gate cannot analyse (a compressed archive, a code \
            or migration file too large or too binary to read as code, a submodule's new commit, a Git LFS \
            pointer) may hold paid calls, migrations or keys; it is searched for secrets and paid hosts where it \
            has bytes, and otherwise reported with the reason, so a person looks at it.
            """,
        triggering: [
            DetectorExample(
                """
                ↓version https://git-lfs.github.com/spec/v1
                oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393
                size 12345
                """, path: "scripts/prompts.py"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                # Large assets are stored with Git LFS: see https://git-lfs.github.com/spec/v1
                version = "1.2.0"
                """, path: "docs/assets.md"),
            DetectorExample("print('hello')\n", path: "app/main.py"),
        ])

    public func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        let change = file.change
        guard change.kind != .deleted, let reason = reason(for: file, context: context) else { return [] }
        return [
            Finding(
                rule: description.id, category: .unscanned, path: change.path, line: 1,
                message: "\(reason): review it by hand", evidence: "\(change.kind.rawValue) \(change.path)"),
        ]
    }

    private func reason(for file: SourceFile, context: DetectionContext) -> String? {
        let path = file.path
        switch file.change.content {
        case .skipped(.archive):
            return "a compressed archive: what it holds is not scanned"
        // A notebook over the size is its outputs' images and tables, not its code; it is no program a deploy runs.
        case .skipped(.tooLarge) where Self.isCodeOrMigration(path, context: context) && !path.lowercased().hasSuffix(".ipynb"):
            return "too large to analyse as code; searched as bytes for secrets and paid hosts only"
        case .skipped(.binary) where Self.isCodeOrMigration(path, context: context):
            return "a code file with NUL bytes; searched as bytes for secrets and paid hosts only"
        case .skipped(.submodule):
            return "a submodule's recorded commit changed; the code it brings in is not scanned here"
        case .skipped(.symlink) where Self.isCodeOrMigration(path, context: context):
            // A link at a route's, job's or migration's path serves what it points to from there.
            return "a symbolic link at a code or migration path: the file it points to is not judged as this path"
        case .text where Self.isLFSPointer(file.bytes) && file.addedLines.contains(1):
            return "a Git LFS pointer: the file's content is stored outside the repository and is not scanned"
        default:
            return nil
        }
    }

    static func isCodeOrMigration(_ path: String, context: DetectionContext) -> Bool {
        SourceLanguage(path: path) != nil || MigrationLayout.classify(path, extra: context.migrationPaths) != nil
            || path.hasSuffix(".sql")
    }

    private static let lfsHeader = Array("version https://git-lfs.github.com/spec/v1".utf8)

    static func isLFSPointer(_ bytes: [UInt8]) -> Bool {
        bytes.count < 1024 && bytes.starts(with: lfsHeader)
    }
}
