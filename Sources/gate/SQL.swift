import ArgumentParser
import Foundation
import GateCore
import GateRules

extension Gate {
    /// `gate sql`: tools around migration analysis (hidden; used by the migration bench and for debugging).
    struct SQL: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sql", abstract: "Analyse migration files outside a change.", shouldDisplay: false,
            subcommands: [Analyze.self])
    }
}

extension Gate.SQL {
    /// `gate sql analyze FILE…`: every schema finding of each file, judged as a new migration.
    struct Analyze: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "analyze",
            abstract: "Print the schema findings and analysed statements of migration files.")

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        @Option(help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: Format = .text

        @Argument(
            help: "Migration files or directories of them, named as in the repository (their paths decide the convention).")
        var files: [String]

        func validate() throws {
            if files.isEmpty { throw ValidationError("name at least one migration file") }
        }

        func run() throws {
            let paths = try Self.expand(files)
            // Read and analysed on every core; an unreadable file fails the run and nothing is printed.
            let checked: [(findings: [Finding], summary: MigrationSummary?)]
            do {
                checked = try SchemaFileCheck.checkAll(paths: paths, summarise: format == .json) { path in
                    FileManager.default.contents(atPath: path).map { [UInt8]($0) }
                }
            } catch {
                throw SQLCommandError.unreadable(error.path)
            }
            let findings = checked.flatMap(\.findings)
            switch format {
            case .text:
                var output = ""
                for finding in findings {
                    output += "\(finding.path):\(finding.line):\(finding.column ?? 1): \(finding.rule): \(finding.message)\n"
                }
                output += "\(paths.count) files, \(findings.count) findings (Postgres \(SchemaFileCheck.grammarVersion) grammar)\n"
                try writeStandardOutput(output)
            case .json:
                // Written from the buffer itself: wrapping 4 MB in Data copied it.
                let json = SchemaCheckJSON.render(checked: checked)
                try writeStandardOutput(json)
            }
        }

        /// Files as named; a directory stands for every file under it, in path order.
        static func expand(_ arguments: [String]) throws -> [String] {
            var paths: [String] = []
            for argument in arguments {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                    throw SQLCommandError.unreadable(argument)
                }
                guard isDirectory.boolValue else {
                    paths.append(argument)
                    continue
                }
                var found: [String] = []
                try regularFiles(under: argument.hasSuffix("/") ? String(argument.dropLast()) : argument, into: &found)
                paths += found.sorted()
            }
            return paths
        }

        /// Every regular file below `directory`, from readdir's own entry types (a thousand migrations are listed
        /// in milliseconds; Foundation's enumerator took longer than analysing a tenth of them). As with that
        /// enumerator, a linked file counts and a linked directory is not entered.
        private static func regularFiles(under directory: String, into found: inout [String]) throws {
            guard let stream = opendir(directory) else { throw SQLCommandError.unreadable(directory) }
            defer { closedir(stream) }
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let path = directory + "/" + name
                switch Int32(entry.pointee.d_type) {
                case Int32(DT_REG): found.append(path)
                case Int32(DT_DIR): try regularFiles(under: path, into: &found)
                default:
                    // Links and file systems that give no type: a file behind it counts; a directory behind a link
                    // is not entered (a link cycle would never end).
                    var isDirectory: ObjCBool = false
                    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
                    if !isDirectory.boolValue { found.append(path) }
                }
            }
        }
    }

    enum SQLCommandError: Error, CustomStringConvertible {
        case unreadable(String)

        var description: String {
            switch self {
            case .unreadable(let path): "cannot read \(path)"
            }
        }
    }
}
