import Foundation
import GateCode
import GateCore

/// A request to a paid API written as a shell command (`curl https://api.openai.com/v1/…`).
struct ShellRequest: Sendable, Equatable {
    var line: Int
    var column: Int
    var provider: String
    /// The host and path requested.
    var evidence: String
    /// Why the request repeats (a loop, `xargs`, a schedule), or nil for a single request.
    var batchReason: String?
    /// What sends it, as findings say: a shell command, or SQL through an HTTP extension (SQLHTTPRequests).
    var sender = "a shell command"
}

/// The requests to paid hosts that the shell text of a file sends: shell scripts (`*.sh`, `*.bash`, `*.zsh`, a `#!`
/// shell script without extension), a Dockerfile's `RUN` instructions, Makefile and justfile recipes, CI steps (GitHub
/// Actions `run:`, GitLab `script:`), `package.json` scripts, crontab entries and Kubernetes containers' `command:` and
/// `args:` (a Helm chart's templates, manifests).
///
/// These files are few and hold no code gate lexes: the path is tested first, then the bytes for a request tool and
/// a catalogue keyword (or a provider command's word), and only then is the shell text read, word by word. A URL
/// that no request tool is given (`echo "see https://api.openai.com"`, a comment, a README's code block) is no
/// request; nor is a provider command's text given to another command (`echo "openai api …"`).
enum ShellRequests {
    /// The kinds of file whose shell text is read, by path.
    enum FileKind: Equatable {
        case script, dockerfile, makefile, justfile, ciConfiguration, packageManifest, crontab, kubernetesManifest
        /// Task runners' commands: go-task's `Taskfile.yml` `cmds:`, poethepoet's `[tool.poe.tasks]` in `pyproject.toml`.
        case taskfile, poeTasks
        /// What a platform runs as a service's processes: a Procfile, docker-compose, Render's `render.yaml`, Fly's
        /// `fly.toml`, a systemd unit, a supervisord program.
        case procfile, compose, renderBlueprint, flyConfiguration, systemdUnit, supervisorConfiguration
    }

    /// The paid requests the change adds to `file`'s shell text, computed once per file: on an added line, and not
    /// already in the file before the change (the same request, repeating or not as it did, re-indented or moved).
    static func added(in file: SourceFile, context: DetectionContext) -> [ShellRequest] {
        guard file.language == nil, !file.addedLines.isEmpty else { return [] }
        // Asked by two detectors of every file that is no code: the path is read once, in the memo.
        return file.memo.value(for: ObjectIdentifier(ShellRequest.self)) {
            let read: ([UInt8]) -> [ShellRequest]
            if SQLHTTPRequests.isSQL(file.path) {
                // SQL's requests through pg_net or pgsql-http, read as shell text's are, beside it.
                read = { SQLHTTPRequests.requests(in: $0, catalogue: context.catalogue) }
            } else if let kind = kind(of: file.path, bytes: file.bytes) {
                read = { requests(in: $0, kind: kind, path: file.path, context: context) }
            } else {
                return []
            }
            let head = read(file.bytes).filter { file.addedLines.contains($0.line) }
            guard !head.isEmpty, file.change.kind == .modified || file.change.kind == .renamed else { return head }
            var before = read(file.baseBytes())
            return head.filter { request in
                guard let known = before.firstIndex(where: {
                    $0.provider == request.provider && $0.evidence == request.evidence && ($0.batchReason == nil) == (request.batchReason == nil)
                }) else { return true }
                before.remove(at: known)
                return false
            }
        }
    }

    /// The shell requests of `bytes` read as a file of `kind` at `path` (all lines, added or not).
    static func requests(in bytes: [UInt8], kind: FileKind, path: String, context: DetectionContext) -> [ShellRequest] {
        let namesProvider = context.catalogue.prefilter.firstMatch(bytes) != nil
        let requestsPaidHost = namesProvider && requestTools.contains(where: { ByteSearch.containsFolded(bytes, $0) })
        // Inline programs (`python -c '…'`, a heredoc given to node, a github-script step) call an SDK by name.
        let runsInlinePrograms = namesProvider && InlinePrograms.mayAppear(in: bytes)
        // A provider's command-line tool names no host, and its model may be a variable's: its own words decide.
        guard requestsPaidHost || runsInlinePrograms || ProviderCommandLines.mayAppear(in: bytes) else { return [] }
        var reader = ShellTextReader(bytes: bytes, catalogue: context.catalogue)
        let systemCrontab = path.hasSuffix("etc/crontab") || path.contains("cron.d/")
        var execForms: [[Range<Int>]] = []
        let shellText = unwrappingShellScripts(
            kind == .dockerfile
                ? dockerfileRuns(bytes, execForms: &execForms) : regions(of: bytes, kind: kind, systemCrontab: systemCrontab),
            in: bytes)
        for region in shellText { reader.read(region) }
        for words in execForms { reader.readWords(words) }
        var found = reader.requests
        if runsInlinePrograms {
            found += InlinePrograms.paidCalls(
                in: bytes, regions: shellText,
                gitHubScripts: kind == .ciConfiguration && path.hasPrefix(".github/") ? gitHubScripts(bytes) : [], path: path,
                catalogue: context.catalogue)
        }
        let fileReason = batchReason(of: kind, path: path, bytes: bytes, context: context)
        let scheduled = kind == .ciConfiguration ? ScheduledCILines(bytes) : nil
        let cronJobs = kind == .kubernetesManifest ? KubernetesContainerCommands.scheduledLines(bytes)
            : kind == .renderBlueprint ? renderCronServiceLines(bytes) : []
        return found.map { request in
            var request = request
            if request.batchReason == nil { request.batchReason = fileReason }
            if request.batchReason == nil, let scheduled, scheduled.contains(request.line) {
                request.batchReason = "runs on a schedule (\(path))"
            }
            if request.batchReason == nil, cronJobs.contains(where: { $0.contains(request.line) }) {
                request.batchReason = kind == .renderBlueprint ? "runs on a cron job's schedule (\(path))" : "runs on a CronJob's schedule (\(path))"
            }
            return request
        }
    }

    // MARK: File kinds

    /// The kind of shell-bearing file at `path`, or nil. Only a path's name is read, except for a file without
    /// extension, whose `#!` line may name a shell.
    static func kind(of path: String, bytes: [UInt8]) -> FileKind? {
        let name = Substring(path.split(separator: "/").last ?? Substring(path))
        let lower = name.lowercased()
        let directory = path.dropLast(name.count)
        if lower.hasSuffix(".sh") || lower.hasSuffix(".bash") || lower.hasSuffix(".zsh") { return .script }
        if lower == "dockerfile" || lower == "containerfile" || lower.hasPrefix("dockerfile.")
            || lower.hasSuffix(".dockerfile") || lower.hasPrefix("containerfile.")
        {
            return .dockerfile
        }
        if lower == "makefile" || lower == "gnumakefile" || lower.hasSuffix(".mk") { return .makefile }
        if lower == "justfile" || lower == ".justfile" || lower.hasSuffix(".just") { return .justfile }
        if lower == "package.json" { return .packageManifest }
        if lower == "taskfile.yml" || lower == "taskfile.yaml" || lower == "taskfile.dist.yml" || lower == "taskfile.dist.yaml" {
            return .taskfile
        }
        if lower == "pyproject.toml", ByteSearch.containsFolded(bytes, Array("[tool.poe.tasks".utf8)) { return .poeTasks }
        if let process = processFileKind(name: lower, bytes: bytes) { return process }
        if lower == "crontab" || lower.hasSuffix(".crontab") || lower.hasSuffix(".cron") || directory.hasSuffix("cron.d/") {
            return .crontab
        }
        let yaml = lower.hasSuffix(".yml") || lower.hasSuffix(".yaml")
        if yaml, directory.hasPrefix(".github/workflows/") || directory.hasPrefix(".github/actions/")
            || lower == ".gitlab-ci.yml" || directory.hasPrefix(".gitlab/") || directory == ".circleci/"
            || lower == "bitbucket-pipelines.yml"
        {
            return .ciConfiguration
        }
        // A Helm chart's templates and other manifests: what their containers run.
        if yaml, KubernetesContainerCommands.isWorkload(bytes) { return .kubernetesManifest }
        if SourceLanguage.hasNoExtension(path), bytes.starts(with: [UInt8(ascii: "#"), UInt8(ascii: "!")]),
           isShellShebang(bytes)
        {
            return .script
        }
        return nil
    }

    /// The kind of a file that names the commands a platform runs as processes, by its name (a supervisord file by
    /// its `[program:` section too, as `.conf` names many things).
    private static func processFileKind(name lower: String, bytes: [UInt8]) -> FileKind? {
        if lower == "procfile" || lower.hasPrefix("procfile.") { return .procfile }
        let yaml = lower.hasSuffix(".yml") || lower.hasSuffix(".yaml")
        if yaml, lower.hasPrefix("docker-compose") || lower.hasPrefix("compose.") || lower.hasPrefix("compose-") {
            return .compose
        }
        if lower == "render.yaml" || lower == "render.yml" { return .renderBlueprint }
        if lower == "fly.toml" || (lower.hasPrefix("fly.") && lower.hasSuffix(".toml")) { return .flyConfiguration }
        if lower.hasSuffix(".service") { return .systemdUnit }
        if lower == "supervisord.conf" || (lower.hasSuffix(".conf") || lower.hasSuffix(".ini"))
            && ByteSearch.containsFolded(bytes, Array("[program:".utf8))
        {
            return .supervisorConfiguration
        }
        return nil
    }

    /// Whether the `#!` line names a shell (`#!/bin/sh`, `#!/usr/bin/env bash`).
    private static func isShellShebang(_ bytes: [UInt8]) -> Bool {
        let end = bytes.prefix(128).firstIndex { $0 == Byte.newline || $0 == UInt8(ascii: "\r") } ?? min(bytes.count, 128)
        let words = String(decoding: bytes[2..<end], as: UTF8.self).split(separator: " ")
        guard var program = words.first?.split(separator: "/").last else { return false }
        if program == "env", let named = words.dropFirst().first(where: { !$0.hasPrefix("-") }) { program = named }
        return shells.contains(String(program))
    }

    private static let shells: Set<String> = ["sh", "bash", "zsh", "dash", "ksh", "ash"]

    /// Whether an exec form's program names a shell (`sh`, `/bin/bash`, PowerShell's `pwsh`), which reads its
    /// arguments as shell text.
    private static func isShell(_ program: ArraySlice<UInt8>) -> Bool {
        let name = String(decoding: program.lastIndex(of: Byte.slash).map { program[($0 + 1)...] } ?? program, as: UTF8.self)
        return shells.contains(name) || name == "pwsh" || name == "powershell" || name == "cmd" || name == "cmd.exe"
    }

    /// Request tools, one of which a file must spell to be read (`http` covers HTTPie and every URL).
    private static let requestTools = ["curl", "wget", "http", "invoke-restmethod", "invoke-webrequest", "irm ", "iwr "]
        .map { Array($0.utf8) }

    // MARK: Batch context

    /// Why every request of the file repeats: a crontab's entries, a scheduled workflow's steps, a script kept where
    /// background work is (`scripts/`, `cron/`, the policy's `paths.jobs`).
    private static func batchReason(of kind: FileKind, path: String, bytes: [UInt8], context: DetectionContext) -> String? {
        switch kind {
        case .crontab:
            return "runs on a schedule (\(path))"
        case .systemdUnit:
            // A service started by the timer of its name beside it runs on that timer's schedule.
            let timer = String(path.dropLast(8)) + ".timer"
            guard path.hasSuffix(".service"), context.code?.project.exists(timer) == true else { return nil }
            return "runs on a schedule (\(timer))"
        case .script:
            let directories = JobContext.parts(of: path, separator: Byte.slash).dropLast()
            if let directory = directories.first(where: { JobContext.directories.contains($0.lowercased()) }) {
                return "runs as background work (\(directory)/)"
            }
            if context.jobPaths.contains(where: { $0.matches(path) }) { return "runs as background work (policy paths.jobs)" }
            return nil
        default:
            return nil
        }
    }

    /// The lines (1-based) of `render.yaml`'s services of `type: cron`, which run their commands on a schedule:
    /// each list item, from its `- ` through the line before the next item as deep (or the file's end).
    static func renderCronServiceLines(_ bytes: [UInt8]) -> [ClosedRange<Int>] {
        guard ByteSearch.containsFolded(bytes, Array("cron".utf8)) else { return [] }
        var services: [ClosedRange<Int>] = []
        var item: (first: Int, indent: Int, cron: Bool)?
        let all = lines(of: bytes)
        func close(before line: Int) {
            if let open = item, open.cron, line - 1 >= open.first { services.append(open.first...(line - 1)) }
        }
        for (offset, line) in all.enumerated() {
            let indent = indent(of: line, in: bytes)
            let text = bytes[(line.lowerBound + indent)..<line.upperBound]
            guard !text.isEmpty, text.first != Byte.hash else { continue }
            let opensItem = text.starts(with: "- ".utf8)
            if let open = item, indent < open.indent || (indent == open.indent && opensItem) || indent == 0 {
                close(before: offset + 1)
                item = nil
            }
            if opensItem, item == nil { item = (offset + 1, indent, false) }
            let setting = opensItem ? text.dropFirst(2) : text
            if setting.starts(with: "type:".utf8),
               setting.dropFirst(5).split(separator: Byte.space).first.map({ $0.filter { $0 != Byte.quote && $0 != Byte.apostrophe } })?
                .elementsEqual("cron".utf8) == true
            {
                item?.cron = true
            }
        }
        close(before: all.count + 1)
        return services
    }

    // MARK: Regions of shell text

    /// The stretches of `bytes` that are shell commands in a file of `kind`.
    static func regions(of bytes: [UInt8], kind: FileKind, systemCrontab: Bool = false) -> [Range<Int>] {
        switch kind {
        case .script: return [0..<bytes.count]
        case .dockerfile:
            var execForms: [[Range<Int>]] = []
            return dockerfileRuns(bytes, execForms: &execForms)
        case .makefile: return recipes(bytes) { $0 == Byte.tab }
        case .justfile: return recipes(bytes) { $0 == Byte.tab || $0 == Byte.space }
        case .ciConfiguration: return ciScripts(bytes)
        case .packageManifest: return packageScripts(bytes)
        case .taskfile: return KubernetesContainerCommands.regions(bytes, keys: taskfileKeys)
        case .poeTasks: return poeTasks(bytes)
        case .crontab: return crontabCommands(bytes, hasUserField: systemCrontab)
        case .kubernetesManifest: return KubernetesContainerCommands.regions(bytes)
        case .procfile: return ProcessFileCommands.procfile(bytes)
        case .compose: return KubernetesContainerCommands.regions(bytes, keys: ProcessFileCommands.composeKeys)
        case .renderBlueprint: return KubernetesContainerCommands.regions(bytes, keys: ProcessFileCommands.renderKeys)
        case .flyConfiguration: return ProcessFileCommands.flyProcesses(bytes)
        case .systemdUnit: return ProcessFileCommands.settings(bytes, keys: ProcessFileCommands.systemdKeys)
        case .supervisorConfiguration: return ProcessFileCommands.settings(bytes, keys: ProcessFileCommands.supervisorKeys)
        }
    }

    /// `regions` with each one whose command is a shell given its script with `-c` (`sh -c '…'`, `/bin/bash -lc "…"`,
    /// as a systemd unit, a Procfile or a compose service writes it) split into the script inside its quotes and
    /// what follows the closing quote: the reader reads words, and the script is one quoted word to it.
    static func unwrappingShellScripts(_ regions: [Range<Int>], in bytes: [UInt8]) -> [Range<Int>] {
        regions.flatMap { region -> [Range<Int>] in
            guard let script = shellScript(in: region, of: bytes) else { return [region] }
            return script.upperBound + 1 < region.upperBound ? [script, (script.upperBound + 1)..<region.upperBound] : [script]
        }
    }

    /// The quoted script (inside its quotes) of a region that opens with a shell and options including `-c`.
    private static func shellScript(in region: Range<Int>, of bytes: [UInt8]) -> Range<Int>? {
        func isBlank(_ byte: UInt8) -> Bool { byte == Byte.space || byte == Byte.tab }
        var cursor = region.lowerBound
        while cursor < region.upperBound, isBlank(bytes[cursor]) { cursor += 1 }
        let programStart = cursor
        while cursor < region.upperBound, !isBlank(bytes[cursor]) { cursor += 1 }
        let program = bytes[programStart..<cursor]
        let name = program.lastIndex(of: Byte.slash).map { program[($0 + 1)...] } ?? program
        guard !name.isEmpty, name.count <= 4, shells.contains(String(decoding: name, as: UTF8.self)) else { return nil }
        var givesScript = false
        while true {
            while cursor < region.upperBound, isBlank(bytes[cursor]) { cursor += 1 }
            guard cursor < region.upperBound, bytes[cursor] == Byte.minus else { break }
            let optionStart = cursor
            while cursor < region.upperBound, !isBlank(bytes[cursor]) { cursor += 1 }
            // `-c`, `-lc`, `-ec`; a long option (`--norc`) gives no script.
            if cursor > optionStart + 1, bytes[optionStart + 1] != Byte.minus, bytes[optionStart..<cursor].contains(UInt8(ascii: "c")) { givesScript = true }
        }
        guard givesScript, cursor < region.upperBound, bytes[cursor] == Byte.quote || bytes[cursor] == Byte.apostrophe else { return nil }
        let quote = bytes[cursor]
        var close = cursor + 1
        while close < region.upperBound, bytes[close] != quote { close += bytes[close] == Byte.backslash && quote == Byte.quote ? 2 : 1 }
        return (cursor + 1)..<min(close, region.upperBound)
    }

    /// Recipes: runs of lines that start with an indenting byte (Make's tab), one region each, so a command
    /// continued with a backslash is read whole.
    private static func recipes(_ bytes: [UInt8], indentedBy isIndent: (UInt8) -> Bool) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for line in lines(of: bytes) where !line.isEmpty && isIndent(bytes[line.lowerBound]) {
            if let last = result.last, bytes[last.upperBound..<line.lowerBound].allSatisfy({ $0 == Byte.newline || $0 == Byte.carriageReturn }) {
                result[result.count - 1] = last.lowerBound..<line.upperBound
            } else {
                result.append(line)
            }
        }
        return result
    }

    /// The lines of `bytes`, without their line break (a CRLF's `\r` included).
    static func lines(of bytes: [UInt8]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != Byte.newline { end += 1 }
            result.append(start..<(end > start && bytes[end - 1] == UInt8(ascii: "\r") ? end - 1 : end))
            start = end + 1
        }
        return result
    }

    static func indent(of line: Range<Int>, in bytes: [UInt8]) -> Int {
        var cursor = line.lowerBound
        while cursor < line.upperBound, bytes[cursor] == Byte.space || bytes[cursor] == Byte.tab { cursor += 1 }
        return cursor - line.lowerBound
    }

    /// Each instruction that runs shell text: `RUN`, `CMD` and `ENTRYPOINT` in shell form (after the word, through
    /// the lines its trailing backslashes continue onto); in exec form given to a shell, each quoted element of the
    /// list its own stretch, so the shell's `-c` text is read (`["sh", "-c", "while true; do curl …; done"]`); and a
    /// BuildKit heredoc's body (`RUN <<EOF` … `EOF`) when the instruction gives it to no program but a shell. An exec
    /// form naming any other program (`["curl", "-sS", "https://…"]`) is one command's words, run by no shell: its
    /// elements go to `execForms`, one list each.
    private static func dockerfileRuns(_ bytes: [UInt8], execForms: inout [[Range<Int>]]) -> [Range<Int>] {
        let all = lines(of: bytes)
        var result: [Range<Int>] = []
        var index = 0
        while index < all.count {
            let line = all[index]
            let start = line.lowerBound + indent(of: line, in: bytes)
            guard let word = shellInstruction(at: start, end: line.upperBound, in: bytes) else {
                index += 1
                continue
            }
            // RUN's flags (`--mount=type=secret,id=openai`, `--network=none`) come before its command.
            var command = start + word
            while command < line.upperBound, bytes[command] == Byte.space || bytes[command] == Byte.tab { command += 1 }
            while command + 1 < line.upperBound, bytes[command] == Byte.minus, bytes[command + 1] == Byte.minus {
                while command < line.upperBound, bytes[command] != Byte.space, bytes[command] != Byte.tab { command += 1 }
                while command < line.upperBound, bytes[command] == Byte.space || bytes[command] == Byte.tab { command += 1 }
            }
            if let heredoc = heredoc(in: bytes, line: line, from: command, following: all[(index + 1)...]) {
                if let body = heredoc.body { result.append(body) }
                index = heredoc.nextLine
                continue
            }
            var last = index
            while last + 1 < all.count, all[last].upperBound > all[last].lowerBound, bytes[all[last].upperBound - 1] == Byte.backslash {
                last += 1
            }
            if command < line.upperBound, bytes[command] == Byte.openBracket {
                let elements = KubernetesContainerCommands.scalarRegions(command..<all[last].upperBound, in: bytes)
                if let program = elements.first, isShell(bytes[program]) {
                    result += elements
                } else if !elements.isEmpty {
                    execForms.append(elements)
                }
            } else {
                result.append((start + word)..<all[last].upperBound)
            }
            index = last + 1
        }
        return result
    }

    /// The length of the instruction word at `start` when it runs shell text (`RUN`, `CMD`, `ENTRYPOINT`, any case)
    /// and is followed by white space; nil for any other line.
    private static func shellInstruction(at start: Int, end: Int, in bytes: [UInt8]) -> Int? {
        for word in dockerShellInstructions where start + word.count < end
            && bytes[start..<start + word.count].map(Byte.lower).elementsEqual(word)
            && (bytes[start + word.count] == Byte.space || bytes[start + word.count] == Byte.tab)
        {
            return word.count
        }
        return nil
    }

    private static let dockerShellInstructions = ["run", "cmd", "entrypoint"].map { Array($0.utf8) }

    /// A BuildKit heredoc opened on an instruction's line (`<<EOF`, `<<-EOF`, `<<"EOF"`): its body's lines (nil when
    /// a program other than a shell is given them, `python3 <<EOF`, or the body opens with another interpreter's
    /// `#!`) and the index of the line after its terminator. Nil when the line opens none.
    private static func heredoc(
        in bytes: [UInt8], line: Range<Int>, from command: Int, following: ArraySlice<Range<Int>>
    ) -> (body: Range<Int>?, nextLine: Int)? {
        guard let marker = bytes[command..<line.upperBound].firstRange(of: [Byte.less, Byte.less]) else { return nil }
        var cursor = marker.upperBound
        let stripsTabs = cursor < line.upperBound && bytes[cursor] == Byte.minus
        if stripsTabs { cursor += 1 }
        if cursor < line.upperBound, bytes[cursor] == Byte.quote || bytes[cursor] == Byte.apostrophe { cursor += 1 }
        let nameStart = cursor
        while cursor < line.upperBound, Byte.isIdentifierPart(bytes[cursor]) { cursor += 1 }
        guard cursor > nameStart else { return nil }
        let terminator = bytes[nameStart..<cursor]
        // The body runs to the line that is the terminator alone (after tabs, for `<<-`).
        var end = following.endIndex
        for index in following.indices {
            var text = bytes[following[index]]
            if stripsTabs { text = text.drop { $0 == Byte.tab } }
            if text.elementsEqual(terminator) {
                end = index
                break
            }
        }
        let nextLine = min(end + 1, following.endIndex)
        guard end > following.startIndex else { return (nil, nextLine) }
        let program = bytes[command..<marker.lowerBound].split(whereSeparator: { $0 == Byte.space || $0 == Byte.tab }).first
        let programName = program.map { String(decoding: $0.split(separator: Byte.slash).last ?? $0, as: UTF8.self) }
        let firstLine = bytes[following[following.startIndex]]
        let shebangIsShell = !firstLine.starts(with: [Byte.hash, UInt8(ascii: "!")])
            || isShellShebang(Array(firstLine))
        guard programName.map({ shells.contains($0) }) ?? true, shebangIsShell else { return (nil, nextLine) }
        return (following[following.startIndex].lowerBound..<following[end - 1].upperBound, nextLine)
    }

    /// The scripts of CI steps: a `run:`, `script:`, `before_script:`, `after_script:` or `command:` value on its line,
    /// and the lines deeper than the key that follow it (a block scalar or a list of commands).
    private static func ciScripts(_ bytes: [UInt8]) -> [Range<Int>] {
        keyedValues(in: bytes, keys: scriptKeys).flatMap { keyed -> [Range<Int>] in
            var regions = keyed.value.isEmpty ? [] : [keyed.value]
            if let first = keyed.deeper.first, let last = keyed.deeper.last { regions.append(first.lowerBound..<last.upperBound) }
            return regions
        }
    }

    private static let scriptKeys = ["run", "script", "before_script", "after_script", "command"].map { Array($0.utf8) }

    /// The `script:` values of a GitHub workflow's `actions/github-script` steps (JavaScript run with a GitHub client):
    /// a `script:` key in a file that uses the action, below a `with:`.
    static func gitHubScripts(_ bytes: [UInt8]) -> [Range<Int>] {
        guard ByteSearch.containsFolded(bytes, Array("actions/github-script".utf8)) else { return [] }
        return keyedValues(in: bytes, keys: [Array("script".utf8)]).flatMap { keyed -> [Range<Int>] in
            var regions = keyed.value.isEmpty ? [] : [keyed.value]
            if let first = keyed.deeper.first, let last = keyed.deeper.last { regions.append(first.lowerBound..<last.upperBound) }
            return regions
        }
    }

    /// A YAML key of interest (after an optional list dash), its value on the key's line (empty for a block scalar's
    /// `|`/`>` or nothing) and the lines after it indented deeper than the key (blank ones included).
    struct KeyedValue {
        let value: Range<Int>
        let deeper: ArraySlice<Range<Int>>
    }

    /// Every line of `bytes` holding one of `keys` as a YAML key, with its value and the lines deeper than it.
    static func keyedValues(in bytes: [UInt8], keys: [[UInt8]]) -> [KeyedValue] {
        let all = lines(of: bytes)
        var result: [KeyedValue] = []
        var index = 0
        while index < all.count {
            let line = all[index]
            var start = line.lowerBound + indent(of: line, in: bytes)
            if start + 1 < line.upperBound, bytes[start] == Byte.minus, bytes[start + 1] == Byte.space { start += 2 }
            guard let value = value(ofKeyAmong: keys, at: start, end: line.upperBound, in: bytes) else {
                index += 1
                continue
            }
            let keyIndent = start - line.lowerBound
            var last = index
            while last + 1 < all.count {
                let next = all[last + 1]
                let blank = next.allSatisfy { bytes[$0] == Byte.space || bytes[$0] == Byte.tab }
                guard blank || indent(of: next, in: bytes) > keyIndent else { break }
                last += 1
            }
            result.append(KeyedValue(value: value, deeper: all[(index + 1)..<(last + 1)]))
            index = last + 1
        }
        return result
    }

    /// The value after one of `keys` at `start` (empty for a block scalar's `|`/`>` or nothing), or nil for another key.
    private static func value(ofKeyAmong keys: [[UInt8]], at start: Int, end: Int, in bytes: [UInt8]) -> Range<Int>? {
        for key in keys where start + key.count < end && bytes[start..<start + key.count].elementsEqual(key)
            && bytes[start + key.count] == Byte.colon
        {
            var value = start + key.count + 1
            while value < end, bytes[value] == Byte.space { value += 1 }
            if value < end, bytes[value] == UInt8(ascii: "|") || bytes[value] == UInt8(ascii: ">") { return value..<value }
            return value..<end
        }
        return nil
    }

    private static let taskfileKeys = ["cmds", "cmd"].map { Array($0.utf8) }

    /// poethepoet's tasks in `pyproject.toml`: in `[tool.poe.tasks]`, each task given as a string (`lint = "ruff
    /// check"`) and each `shell = "…"` or `cmd = "…"` of an inline table; in a `[tool.poe.tasks.name]` table, its
    /// `shell` and `cmd` strings (a `"""` string over several lines included). Inside their quotes.
    static func poeTasks(_ bytes: [UInt8]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var inTasks = false
        var inTaskTable = false
        let all = lines(of: bytes)
        var index = 0
        while index < all.count {
            let line = all[index]
            index += 1
            let start = line.lowerBound + indent(of: line, in: bytes)
            guard start < line.upperBound else { continue }
            if bytes[start] == Byte.openBracket {
                let header = bytes[start..<line.upperBound]
                inTasks = header.starts(with: "[tool.poe.tasks]".utf8)
                inTaskTable = !inTasks && header.starts(with: "[tool.poe.tasks.".utf8)
                continue
            }
            guard inTasks || inTaskTable, let equals = bytes[start..<line.upperBound].firstIndex(of: Byte.equals) else { continue }
            let key = bytes[start..<equals].filter { $0 != Byte.space && $0 != Byte.tab && $0 != Byte.quote }
            var cursor = equals + 1
            while cursor < line.upperBound, bytes[cursor] == Byte.space || bytes[cursor] == Byte.tab { cursor += 1 }
            guard cursor < line.upperBound else { continue }
            let commandKey = key.elementsEqual("shell".utf8) || key.elementsEqual("cmd".utf8)
            if bytes[cursor] == Byte.quote || bytes[cursor] == Byte.apostrophe {
                guard inTasks || commandKey else { continue }
                let quote = bytes[cursor]
                // A multi-line string (`"""`) runs to its closing triple quote.
                if cursor + 2 < bytes.count, bytes[cursor + 1] == quote, bytes[cursor + 2] == quote {
                    let bodyStart = cursor + 3
                    var end = bodyStart
                    while end + 2 < bytes.count, !(bytes[end] == quote && bytes[end + 1] == quote && bytes[end + 2] == quote) { end += 1 }
                    result.append(bodyStart..<min(end, bytes.count))
                    while index < all.count, all[index].lowerBound < end { index += 1 }
                    continue
                }
                if let string = quoted(at: cursor, before: line.upperBound, in: bytes) { result.append(string) }
            } else if bytes[cursor] == Byte.openBrace, inTasks {
                // An inline table: its `shell = "…"` and `cmd = "…"`.
                for name in ["shell", "cmd"] {
                    var search = cursor
                    while let found = bytes[search..<line.upperBound].firstRange(of: Array(name.utf8)) {
                        search = found.upperBound
                        var value = found.upperBound
                        while value < line.upperBound, bytes[value] == Byte.space { value += 1 }
                        guard value < line.upperBound, bytes[value] == Byte.equals, Byte.isIdentifierPart(bytes[found.lowerBound - 1]) == false
                        else { continue }
                        value += 1
                        while value < line.upperBound, bytes[value] == Byte.space { value += 1 }
                        if let string = quoted(at: value, before: line.upperBound, in: bytes) { result.append(string) }
                        break
                    }
                }
            }
        }
        return result
    }

    /// The inside of a one-line TOML string opening at `start` (`"…"` with escapes, `'…'` literal).
    private static func quoted(at start: Int, before end: Int, in bytes: [UInt8]) -> Range<Int>? {
        guard start < end, bytes[start] == Byte.quote || bytes[start] == Byte.apostrophe else { return nil }
        let quote = bytes[start]
        var close = start + 1
        while close < end, bytes[close] != quote { close += quote == Byte.quote && bytes[close] == Byte.backslash ? 2 : 1 }
        return (start + 1)..<min(close, end)
    }

    /// The command strings of `package.json`'s `"scripts"` object, inside their quotes.
    private static func packageScripts(_ bytes: [UInt8]) -> [Range<Int>] {
        guard let key = bytes.firstRange(of: Array("\"scripts\"".utf8)) else { return [] }
        var cursor = key.upperBound
        while cursor < bytes.count, bytes[cursor] != UInt8(ascii: "{") {
            guard bytes[cursor] == Byte.space || bytes[cursor] == Byte.colon || bytes[cursor] == Byte.newline
                || bytes[cursor] == UInt8(ascii: "\r") || bytes[cursor] == Byte.tab
            else { return [] }
            cursor += 1
        }
        var result: [Range<Int>] = []
        var strings = 0
        cursor += 1
        while cursor < bytes.count, bytes[cursor] != UInt8(ascii: "}") {
            guard bytes[cursor] == UInt8(ascii: "\"") else {
                cursor += 1
                continue
            }
            var end = cursor + 1
            while end < bytes.count, bytes[end] != UInt8(ascii: "\"") { end += bytes[end] == Byte.backslash ? 2 : 1 }
            // Keys and values alternate: the second string of each member is its command.
            if strings % 2 == 1 { result.append((cursor + 1)..<min(end, bytes.count)) }
            strings += 1
            cursor = end + 1
        }
        return result
    }

    /// A crontab entry's command: after its five time fields or its `@daily`-like nickname. Comment lines and
    /// settings (`MAILTO=…`) are none.
    private static func crontabCommands(_ bytes: [UInt8], hasUserField: Bool) -> [Range<Int>] {
        lines(of: bytes).compactMap { line in
            var cursor = line.lowerBound + indent(of: line, in: bytes)
            guard cursor < line.upperBound, bytes[cursor] != Byte.hash else { return nil }
            // A system crontab (`/etc/crontab`, `cron.d/`) names the user to run as after the time.
            let fields = (bytes[cursor] == UInt8(ascii: "@") ? 1 : 5) + (hasUserField ? 1 : 0)
            for _ in 0..<fields {
                while cursor < line.upperBound, bytes[cursor] != Byte.space, bytes[cursor] != Byte.tab {
                    if bytes[cursor] == Byte.equals { return nil }
                    cursor += 1
                }
                while cursor < line.upperBound, bytes[cursor] == Byte.space || bytes[cursor] == Byte.tab { cursor += 1 }
            }
            return cursor < line.upperBound ? cursor..<line.upperBound : nil
        }
    }
}
