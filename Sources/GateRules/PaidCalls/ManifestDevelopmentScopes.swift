import Foundation

/// The dependencies a manifest declares for development only: tests, linters, build scripts. They are not shipped,
/// so a paid SDK among them spends nothing where the application runs: Cargo's `[dev-dependencies]` and
/// `[build-dependencies]` (a `[target.'cfg(…)'.…]` one too), package.json's `devDependencies`, composer.json's
/// `require-dev`, Poetry's dev groups, PEP 735's and uv's, PDM's and Hatch's development dependencies and a dev
/// extra, Pipfile's `[dev-packages]`, a `requirements-dev.txt`, a Gemfile's `group :development, :test`, Mix's
/// `only: :test`, Gradle's `test…` configurations and Maven's `test` scope.
struct DevelopmentDependencies {
    /// Lines every dependency of which is a development one.
    private var lines = Set<Int>()
    /// Development dependencies declared beside shipped ones on one line (a one-line package.json, several Mix tuples).
    private var names: [Int: Set<String>] = [:]

    /// Whether `name`, declared on `line` (1-based), is a development dependency.
    func contains(line: Int, name: String) -> Bool { lines.contains(line) || names[line]?.contains(name) == true }

    /// Group, extra and environment names that mean development (`group :test`, `[tool.poetry.group.dev…]`).
    static let groupNames: Set<String> = [
        "dev", "devel", "develop", "development", "test", "tests", "testing", "lint", "linting", "docs", "doc", "typing",
        "ci",
    ]

    /// The development dependencies of the manifest at `path`, a `kind`, whose lines are `text`.
    init(_ kind: ManifestKind, path: String, text: [Substring]) {
        switch kind {
        case .cargo, .pyproject, .pipfile: readTOML(kind, text)
        case .packageJSON: readJSON(text, developmentKey: "devDependencies")
        case .composerJSON: readJSON(text, developmentKey: "require-dev")
        case .requirements:
            if Self.namesDevelopmentFile(path) { lines = Set(text.indices.map { $0 + 1 }) }
        case .gemfile: readGemfile(text)
        case .mixExs: readMix(text)
        case .gradle:
            for (index, line) in text.enumerated() {
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                if trimmed.hasPrefix("test") || trimmed.hasPrefix("androidTest") { lines.insert(index + 1) }
            }
        case .pom: readPOM(text)
        // A gemspec names its development dependencies by their own call (`add_development_dependency`), never read.
        case .condaEnvironment, .goMod, .swiftPackage, .csproj, .gemspec: break
        }
    }

    /// `requirements-dev.txt`, `requirements_test.txt`: a requirements file named for development.
    private static func namesDevelopmentFile(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard name.hasPrefix("requirements"), name.hasSuffix(".txt") else { return false }
        let words = name.dropFirst("requirements".count).dropLast(".txt".count)
            .split { $0 == "-" || $0 == "_" || $0 == "." }
        return words.contains { groupNames.contains($0.lowercased()) }
    }

    // MARK: TOML

    /// Cargo.toml, pyproject.toml, Pipfile: the table a line is in, and the key whose array (`dev = [` … `]`) it
    /// continues, say whether it declares development dependencies.
    private mutating func readTOML(_ kind: ManifestKind, _ text: [Substring]) {
        var table: [String] = []
        var arrayKey: String?
        var depth = 0
        for (index, line) in text.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            var key = arrayKey
            if depth == 0 {
                if trimmed.hasPrefix("[") {
                    table = Self.tableName(trimmed)
                    arrayKey = nil
                    key = nil
                } else if let equals = trimmed.firstIndex(of: "=") {
                    key = trimmed[..<equals].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                }
            }
            if Self.isDevelopment(kind, table: table, key: key) { lines.insert(index + 1) }
            guard !trimmed.hasPrefix("[") || depth > 0 else { continue }
            let before = depth
            depth = max(0, depth + Self.bracketBalance(trimmed))
            if before == 0, depth > 0 { arrayKey = key } else if depth == 0 { arrayKey = nil }
        }
    }

    /// The dotted parts of a table header (`[target.'cfg(unix)'.dev-dependencies]`), quotes removed.
    private static func tableName(_ header: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        for character in header.drop(while: { $0 == "[" }) {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "." {
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else if character == "]" {
                break
            } else {
                current.append(character)
            }
        }
        parts.append(current.trimmingCharacters(in: .whitespaces))
        return parts
    }

    /// Whether a line of `table`, under `key` (its own, or the array's it continues), declares development dependencies.
    private static func isDevelopment(_ kind: ManifestKind, table: [String], key: String?) -> Bool {
        switch kind {
        case .cargo:
            return table.contains("dev-dependencies") || table.contains("build-dependencies")
        case .pipfile:
            return table == ["dev-packages"]
        case .pyproject:
            switch table.joined(separator: ".") {
            case "tool.poetry.dev-dependencies", "tool.pdm.dev-dependencies": return true
            case "project.optional-dependencies", "dependency-groups": return key.map { groupNames.contains($0.lowercased()) } ?? false
            case "tool.uv": return key == "dev-dependencies"
            default:
                // `[tool.poetry.group.dev.dependencies]`; Hatch's environments (`[tool.hatch.envs.test]`) are the
                // project's development setups.
                if table.count == 5, table[0] == "tool", table[1] == "poetry", table[2] == "group", table[4] == "dependencies" {
                    return groupNames.contains(table[3].lowercased())
                }
                return table.count >= 4 && table[0] == "tool" && table[1] == "hatch" && table[2] == "envs"
            }
        default:
            return false
        }
    }

    /// How many more `[` than `]` a line opens outside its strings (`"uvicorn[standard]"` holds one of each).
    private static func bracketBalance(_ line: String) -> Int {
        var balance = 0
        var quote: UInt8?
        for byte in line.utf8 {
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "#") {
                break
            } else if byte == UInt8(ascii: "[") {
                balance += 1
            } else if byte == UInt8(ascii: "]") {
                balance -= 1
            }
        }
        return balance
    }

    // MARK: JSON

    /// package.json, composer.json: the keys of the top-level object `developmentKey` names, by line.
    private mutating func readJSON(_ text: [Substring], developmentKey: String) {
        let wanted = Array(developmentKey.utf8)
        // The key each open container is the value of (nil for the top level and arrays' items).
        var containers: [[UInt8]?] = []
        var pendingKey: [UInt8]?
        for (index, line) in text.enumerated() {
            let bytes = Array(line.utf8)
            var cursor = 0
            while cursor < bytes.count {
                let byte = bytes[cursor]
                switch byte {
                case UInt8(ascii: "\""):
                    var end = cursor + 1
                    while end < bytes.count, bytes[end] != UInt8(ascii: "\"") { end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1 }
                    let string = Array(bytes[(cursor + 1)..<min(end, bytes.count)])
                    var after = end + 1
                    while after < bytes.count, bytes[after] == UInt8(ascii: " ") || bytes[after] == UInt8(ascii: "\t") { after += 1 }
                    if after < bytes.count, bytes[after] == UInt8(ascii: ":") {
                        pendingKey = string
                        if containers.count == 2, containers[1] == wanted {
                            names[index + 1, default: []].insert(String(decoding: string, as: UTF8.self))
                        }
                    } else {
                        pendingKey = nil
                    }
                    cursor = end + 1
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    containers.append(pendingKey)
                    pendingKey = nil
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if !containers.isEmpty { containers.removeLast() }
                default:
                    break
                }
                cursor += 1
            }
        }
    }

    // MARK: Ruby and Elixir

    /// A Gemfile: `group :development, :test do` … `end` blocks (nested in other blocks too), and a gem's own
    /// `group: :test` or `groups: [:development, :test]`.
    private mutating func readGemfile(_ text: [Substring]) {
        // Whether each open block is a development group's (or lies in one).
        var blocks: [Bool] = []
        for (index, line) in text.enumerated() {
            let code = String(line.prefix { $0 != "#" }).trimmingCharacters(in: .whitespaces)
            let inside = blocks.last ?? false
            var development = inside
            if code == "end" || code.hasPrefix("end ") {
                if !blocks.isEmpty { blocks.removeLast() }
            } else if code.hasSuffix(" do") || code.contains(" do |") {
                if code.hasPrefix("group ") || code.hasPrefix("group(") {
                    let list = String(code.dropFirst("group".count)).components(separatedBy: " do").first ?? ""
                    development = inside || Self.namesDevelopmentGroups(list)
                }
                blocks.append(development)
            } else if code.hasPrefix("if ") || code.hasPrefix("unless ") || code.hasPrefix("case ") || code == "begin" {
                blocks.append(inside)
            } else if code.hasPrefix("gem "),
                      let option = ["groups:", "group:", ":groups =>", ":group =>"].lazy.compactMap({ code.range(of: $0) }).first
            {
                // `gem "rspec-rails", group: :test`, `groups: [:development, :test]`, `:group => :test`.
                let value = code[option.upperBound...].drop { $0 == " " }
                let groups = value.hasPrefix("[") ? String(value.prefix { $0 != "]" }) : String(value.prefix { $0 != "," })
                development = inside || Self.namesDevelopmentGroups(groups)
            }
            if development { lines.insert(index + 1) }
        }
    }

    /// Whether the symbols or strings of a group list (`:development, :test`, `[:dev, "test"]`) are all development's.
    private static func namesDevelopmentGroups(_ list: String) -> Bool {
        let names = list.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map { $0.lowercased() }
        return !names.isEmpty && names.allSatisfy(groupNames.contains)
    }

    /// mix.exs: a dependency tuple whose `only:` leaves production out (`{:openai, "~> 0.6", only: [:dev, :test]}`).
    private mutating func readMix(_ text: [Substring]) {
        for (index, line) in text.enumerated() where line.contains("only:") {
            for tuple in line.components(separatedBy: "{:").dropFirst() {
                let name = String(tuple.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
                let body = tuple.prefix { $0 != "}" }
                guard !name.isEmpty, let only = body.range(of: "only:") else { continue }
                let environments = body[only.upperBound...]
                let value = environments.drop { $0 == " " }.hasPrefix("[")
                    ? environments.prefix { $0 != "]" } : environments.prefix { $0 != "," }
                if !value.contains("prod") { names[index + 1, default: []].insert(name) }
            }
        }
    }

    // MARK: Maven

    /// pom.xml: the lines of each `<dependency>` block whose `<scope>` is `test`.
    private mutating func readPOM(_ text: [Substring]) {
        var blockStart: Int?
        var testScope = false
        for (index, line) in text.enumerated() {
            if line.contains("<dependency>") {
                blockStart = index
                testScope = false
            }
            if line.contains("<scope>test</scope>") { testScope = true }
            if line.contains("</dependency>"), let start = blockStart {
                if testScope { lines.formUnion((start + 1)...(index + 1)) }
                blockStart = nil
            }
        }
    }
}
