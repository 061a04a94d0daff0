import GateCode
import GateCore
import GateSQL

/// Content gate could not analyse: a compressed archive, a code or migration file read only as bytes (too
/// large, or with NUL bytes), a submodule's new commit, a Git LFS pointer whose content lives elsewhere (unless
/// that content is media or model weights, which committed as they are would be bytes with nothing to judge), a
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
            pointer for anything but media or model weights) may hold paid calls, migrations or keys; it is searched for secrets and paid hosts where it \
            has bytes, and otherwise reported with the reason, so a person looks at it. Office documents (.docx, \
            .xlsx, .pptx and OpenDocument's .odt, .ods, .odp) are zip archives: gate reads no archive, so their text \
            is not searched for secrets either, and they are reported as unscanned documents, as PDFs are (their \
            text sits in compressed streams). A git-crypt blob at a code or migration path hides the program (an \
            encrypted `.env` is what git-crypt is for, and is only listed as skipped). A Jupyter notebook whose code \
            lines share JSON lines (compact JSON, a cell's source as one string of several lines) cannot have its \
            code read on the notebook's lines and is reported too. So is a script named by no extension whose `#!` \
            line runs a program gate reads neither as code nor as shell (`#!/usr/bin/perl`). Each file is its own \
            finding (an approval covers each); the text and Markdown reports list many alike (fifty LFS pointers for \
            CSV files) as one entry naming the files.
            """,
        triggering: [
            DetectorExample(
                """
                ↓version https://git-lfs.github.com/spec/v1
                oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393
                size 12345
                """, path: "scripts/prompts.py"),
            // Data and configuration would have been read (and searched for keys) committed as they are.
            DetectorExample(
                """
                ↓version https://git-lfs.github.com/spec/v1
                oid sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae
                size 88482113
                """, path: "data/train.csv"),
            DetectorExample(
                """
                ↓#!/usr/bin/env perl
                use LWP::UserAgent;
                LWP::UserAgent->new->post("https://api.openai.com/v1/chat/completions", Content => $body) for @notes;
                """, path: "bin/backfill"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                # Large assets are stored with Git LFS: see https://git-lfs.github.com/spec/v1
                version = "1.2.0"
                """, path: "docs/assets.md"),
            DetectorExample("print('hello')\n", path: "app/main.py"),
            // Read as Python (a PEP 723 script uv runs) and as shell.
            DetectorExample("#!/usr/bin/env -S uv run --script\nprint('hello')\n", path: "scripts/backfill"),
            DetectorExample("#!/usr/bin/env bash\nset -euo pipefail\n", path: "bin/setup"),
            // Images, video and model weights in LFS are what they would be committed as they are: bytes with
            // nothing to judge.
            DetectorExample(
                """
                version https://git-lfs.github.com/spec/v1
                oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393
                size 482113
                """, path: "public/img/hero.png"),
            DetectorExample(
                """
                version https://git-lfs.github.com/spec/v1
                oid sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
                size 88482113
                """, path: "models/classifier.onnx"),
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
        // Model weights saved as zip files (PyTorch's `.pt`, NumPy's `.npz`) hold tensors, not a bundle of code.
        case .skipped(.archive) where Self.isOfficeDocument(path):
            return "an Office document (a zip archive): its text is not searched for secrets"
        // A PDF's text sits in Flate-compressed streams, which gate inflates no more than a zip: as Office documents.
        case .skipped(.binary) where Self.isPDF(path), .text where Self.isPDF(path) && !file.addedLines.isEmpty:
            return "a PDF document (compressed streams): its text is not searched for secrets"
        // git-crypt at a code or migration path hides the program itself; its usual use, keeping a `.env` or a
        // credentials file encrypted, is what it is for and hides nothing gate would judge.
        case .skipped(.encrypted) where Self.isCodeOrMigration(path, context: context):
            return "encrypted with git-crypt: the code it holds is not scanned"
        case .skipped(.archive) where !AssetFiles.isMediaOrModelWeights(path):
            return "a compressed archive: what it holds is not scanned"
        // Notebooks are read up to a larger size (their outputs are most of them): one over even that is unscanned code.
        case .skipped(.tooLarge) where Self.isCodeOrMigration(path, context: context):
            return "too large to analyse as code; searched as bytes for secrets and paid hosts only"
        case .skipped(.binary) where Self.isCodeOrMigration(path, context: context):
            return "a code file with NUL bytes; searched as bytes for secrets and paid hosts only"
        // Configuration and scripts gate reads as text (a manifest's scripts and dependencies, a Dockerfile's
        // commands, a schedule) that a NUL byte made binary: what they say is not read, so not judged. Images,
        // fonts and other binaries are not named here and stay as they are.
        case .skipped(.binary) where Self.isConfigurationText(path):
            return "a configuration or script file with NUL bytes, read as binary: what it declares (scripts, dependencies, "
                + "commands, schedules) is not read; searched as bytes for secrets and paid hosts only"
        case .skipped(.submodule):
            return "a submodule's recorded commit changed; the code it brings in is not scanned here"
        case .skipped(.symlink) where Self.isCodeOrMigration(path, context: context):
            // A link at a route's, job's or migration's path serves what it points to from there.
            return "a symbolic link at a code or migration path: the file it points to is not judged as this path"
        // A pointer stands for the file it replaces: an image or a model's weights committed as they are would be
        // bytes with nothing to judge, and so are they stored in LFS; a pointer for code, configuration or data hides
        // what gate would have read.
        case .text where Self.isLFSPointer(file.bytes) && file.addedLines.contains(1) && !AssetFiles.isMediaOrModelWeights(path):
            return "a Git LFS pointer: the file's content is stored outside the repository and is not scanned"
        // Only a notebook's path is asked; its cells are walked again only when the change adds to it.
        case .text where Self.isNotebookPath(path) && !file.addedLines.isEmpty
            && JupyterNotebook.isNotebook(file.bytes) && !JupyterNotebook.read(file.bytes).lineForLine:
            return "a notebook whose code cells are not one line of code per line of JSON (compact JSON, or a "
                + "cell's source as one string): that code is not read"
        // A script named by no extension is read by the program its `#!` line runs; one gate reads neither as code
        // nor as shell (Perl, awk, a runner told a tool gate does not know) is not judged at all.
        case .text where !file.addedLines.isEmpty && SourceLanguage.hasNoExtension(path):
            guard let program = Self.unreadInterpreter(file.bytes) else { return nil }
            return "a script run by `\(program)` (its `#!` line), which gate does not read: its code is not scanned"
        default:
            return nil
        }
    }

    /// The program a `#!` line runs when gate reads it neither as a language nor as shell; nil otherwise.
    static func unreadInterpreter(_ bytes: [UInt8]) -> String? {
        guard bytes.starts(with: [Byte.hash, UInt8(ascii: "!")]), SourceLanguage(path: "", contents: bytes) == nil,
              let program = SourceLanguage.shebangProgram(bytes), !shells.contains(program)
        else { return nil }
        return program
    }

    /// Shells: their scripts are read for the requests and inline code they run (`ShellRequests`).
    private static let shells: Set<String> = ["sh", "bash", "zsh", "dash", "ksh", "ash", "fish", "mksh", "busybox"]

    static func isCodeOrMigration(_ path: String, context: DetectionContext) -> Bool {
        SourceLanguage(path: path) != nil || MigrationLayout.classify(path, extra: context.migrationPaths) != nil
            || path.hasSuffix(".sql")
    }

    /// Whether `path` names a text file gate reads beyond its bytes: manifests and lock files, YAML, TOML, JSON,
    /// INI-like and XML configuration, environment files, shell scripts, Dockerfiles, Makefiles, Procfiles, systemd
    /// units, crontabs, Terraform. Asked only of files the change adds or edits that were read as binary.
    static func isConfigurationText(_ path: String) -> Bool {
        let name = (path.split(separator: "/").last.map(String.init) ?? path).lowercased()
        if configurationNames.contains(name) || configurationNamePrefixes.contains(where: name.hasPrefix) { return true }
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        let suffix = name[name.index(after: dot)...]
        return configurationExtensions.contains(String(suffix))
            // `requirements.txt`, `requirements-dev.txt`, `constraints.txt`: pip's manifests; other text files are not.
            || suffix == "txt" && (name.hasPrefix("requirements") || name.hasPrefix("constraints"))
    }

    private static let configurationExtensions: Set<String> = [
        "json", "jsonc", "json5", "yaml", "yml", "toml", "ini", "cfg", "conf", "properties", "env", "xml", "lock",
        "sh", "bash", "zsh", "ps1", "tf", "tfvars", "hcl", "service", "timer", "socket", "gradle",
        "dockerfile", "containerfile", "csproj", "fsproj", "vbproj", "props", "targets", "npmrc",
    ]
    private static let configurationNames: Set<String> = [
        "makefile", "gnumakefile", "justfile", "gemfile", "pipfile", "brewfile", "rakefile", "crontab", "codeowners",
        "jenkinsfile", "vagrantfile", "tiltfile", "earthfile", "caddyfile", "go.mod", "go.sum",
    ]
    /// `Dockerfile.prod`, `Procfile.dev`, `.env.local`.
    private static let configurationNamePrefixes = ["dockerfile", "containerfile", "procfile", ".env"]

    private static let officeExtensions: Set<String> = ["docx", "docm", "xlsx", "xlsm", "pptx", "pptm", "odt", "ods", "odp"]

    /// Office Open XML and OpenDocument files: zip archives of XML, whose text may hold a credential (a runbook's).
    static func isOfficeDocument(_ path: String) -> Bool {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return false }
        return officeExtensions.contains(path[path.index(after: dot)...].lowercased())
    }

    /// Whether `path` names a PDF (`.pdf`, any case).
    static func isPDF(_ path: String) -> Bool {
        path.utf8.count > 4 && path.utf8.suffix(4).lazy.map(Byte.lower).elementsEqual(".pdf".utf8)
    }

    static func isNotebookPath(_ path: String) -> Bool {
        path.utf8.count > 6 && path.utf8.suffix(6).lazy.map(Byte.lower).elementsEqual(".ipynb".utf8)
    }

    private static let lfsHeader = Array("version https://git-lfs.github.com/spec/v1".utf8)

    static func isLFSPointer(_ bytes: [UInt8]) -> Bool {
        bytes.count < 1024 && bytes.starts(with: lfsHeader)
    }
}
