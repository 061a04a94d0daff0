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
            // Every file is read before any is analysed, so an unreadable one fails the run before work is done.
            let contents = try paths.map { path in
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw SQLCommandError.unreadable(path)
                }
                return (path: path, bytes: [UInt8](data))
            }
            let checked = SchemaFileCheck.checkAll(contents, summarise: format == .json)
            let findings = checked.flatMap(\.findings)
            switch format {
            case .text:
                var output = ""
                for finding in findings {
                    output += "\(finding.path):\(finding.line):\(finding.column ?? 1): \(finding.rule): \(finding.message)\n"
                }
                output += "\(paths.count) files, \(findings.count) findings (Postgres \(SchemaFileCheck.grammarVersion) grammar)\n"
                FileHandle.standardOutput.write(Data(output.utf8))
            case .json:
                FileHandle.standardOutput.write(Data(SchemaCheckJSON.render(checked: checked)))
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
                guard let walker = FileManager.default.enumerator(atPath: argument) else {
                    throw SQLCommandError.unreadable(argument)
                }
                var found: [String] = []
                let base = argument.hasSuffix("/") ? String(argument.dropLast()) : argument
                while let relative = walker.nextObject() as? String {
                    var nested: ObjCBool = false
                    let path = base + "/" + relative
                    if FileManager.default.fileExists(atPath: path, isDirectory: &nested), !nested.boolValue {
                        found.append(path)
                    }
                }
                paths += found.sorted()
            }
            return paths
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
