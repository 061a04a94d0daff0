import Foundation
import GateCore

/// A paid provider's SDK newly added to a dependency manifest.
public struct PaidSDKDependencyDetector: Detector {
    public init() {}

    public let description = DetectorDescription(
        id: "paid-sdk-dependency", name: "Paid SDK added to a manifest", category: .paidExternalCall,
        rationale: """
            A new dependency on a paid provider's SDK is where paid calls start, and it shows in the manifest even \
            when the calling code lives elsewhere. Recognised manifests: package.json, requirements*.txt, \
            pyproject.toml, Pipfile, conda's environment.yml, go.mod, Gemfile, a gem's or engine's *.gemspec (its runtime dependencies), Cargo.toml, Package.swift, \
            composer.json, pom.xml, build.gradle(.kts) and *.csproj. Only a newly added dependency counts: a version bump (the same package \
            on a deleted line) is not new risk, and names that merely appear in descriptions or comments are ignored. \
            Development dependencies are not shipped, and spend nothing where the application runs: Cargo's \
            [dev-dependencies] and [build-dependencies], package.json's devDependencies, composer.json's require-dev, \
            Poetry's dev groups, PEP 735's, uv's, PDM's and Hatch's, a dev or test extra, Pipfile's [dev-packages], \
            requirements-dev.txt, a Gemfile's development and test groups, Mix's `only: :test`, Gradle's test \
            configurations and Maven's test scope.
            """,
        triggering: [
            DetectorExample("""
                {
                  "name": "web",
                  "dependencies": {
                    "express": "^4.19.2",
                ↓    "openai": "^4.52.0"
                  }
                }
                """, path: "package.json",
                base: """
                {
                  "name": "web",
                  "dependencies": {
                    "express": "^4.19.2"
                  }
                }
                """),
            // A manifest kept on one line.
            DetectorExample("""
                ↓{ "name": "app", "dependencies": { "express": "^4.19.2", "openai": "^4.52.0" } }
                """, path: "package.json", base: """
                { "name": "app", "dependencies": { "express": "^4.19.2" } }
                """),
            DetectorExample("""
                flask==3.0.3
                ↓anthropic==0.34.2
                """, path: "requirements.txt", base: "flask==3.0.3\n"),
            // Elixir's Mix project.
            DetectorExample("""
                defmodule Notes.MixProject do
                  use Mix.Project

                  defp deps do
                    [
                      {:phoenix, "~> 1.7.14"},
                ↓      {:openai_ex, "~> 0.8"},
                      {:req, "~> 0.5"}
                    ]
                  end
                end
                """, path: "mix.exs",
                base: """
                defmodule Notes.MixProject do
                  use Mix.Project

                  defp deps do
                    [
                      {:phoenix, "~> 1.7.14"},
                      {:req, "~> 0.5"}
                    ]
                  end
                end
                """),
            DetectorExample("""
                module example.com/app

                go 1.22

                require (
                	github.com/go-chi/chi/v5 v5.0.12
                ↓	github.com/sashabaranov/go-openai v1.28.1
                )
                """, path: "go.mod",
                base: """
                module example.com/app

                go 1.22

                require (
                	github.com/go-chi/chi/v5 v5.0.12
                )
                """),
            DetectorExample("""
                source "https://rubygems.org"
                gem "rails", "~> 7.1"
                ↓gem "stripe", "~> 12.0"
                """, path: "Gemfile", base: "source \"https://rubygems.org\"\ngem \"rails\", \"~> 7.1\"\n"),
            // A Rails engine's gemspec: the app bundling the engine installs its runtime dependencies.
            DetectorExample("""
                Gem::Specification.new do |spec|
                  spec.name = "assistant"
                  spec.add_dependency "rails", "~> 7.2"
                ↓  spec.add_runtime_dependency("ruby-openai", "~> 7.3")
                end
                """, path: "engines/assistant/assistant.gemspec",
                base: "Gem::Specification.new do |spec|\n  spec.name = \"assistant\"\n  spec.add_dependency \"rails\", \"~> 7.2\"\nend\n"),
            DetectorExample("""
                [dependencies]
                tokio = { version = "1", features = ["full"] }
                ↓async-openai = "0.23"
                """, path: "Cargo.toml", base: "[dependencies]\ntokio = { version = \"1\", features = [\"full\"] }\n"),
            DetectorExample("""
                dependencies {
                    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-core:1.8.1")
                ↓    implementation("com.openai:openai-java:0.8.0")
                }
                """, path: "build.gradle.kts",
                base: "dependencies {\n    implementation(\"org.jetbrains.kotlinx:kotlinx-coroutines-core:1.8.1\")\n}\n"),
            DetectorExample("""
                [project]
                name = "notify"
                dependencies = [
                    "httpx>=0.27",
                ↓    "twilio>=9.0",
                ]
                """, path: "pyproject.toml",
                base: "[project]\nname = \"notify\"\ndependencies = [\n    \"httpx>=0.27\",\n]\n"),
            DetectorExample("""
                [tool.poetry.dependencies]
                python = "^3.11"
                ↓anthropic = { version = "^0.34", extras = ["vertex"] }
                """, path: "pyproject.toml", base: "[tool.poetry.dependencies]\npython = \"^3.11\"\n"),
            DetectorExample("""
                <Project Sdk="Microsoft.NET.Sdk">
                  <ItemGroup>
                ↓    <PackageReference Include="Azure.AI.OpenAI" Version="2.0.0" />
                  </ItemGroup>
                </Project>
                """, path: "src/Api/Api.csproj",
                base: "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n  </ItemGroup>\n</Project>\n"),
            DetectorExample("""
                <dependencies>
                  <dependency>
                    <groupId>com.stripe</groupId>
                ↓    <artifactId>stripe-java</artifactId>
                    <version>26.0.0</version>
                  </dependency>
                </dependencies>
                """, path: "pom.xml", base: "<dependencies>\n</dependencies>\n"),
            DetectorExample("""
                let package = Package(
                    name: "App",
                    dependencies: [
                ↓        .package(url: "https://github.com/MacPaw/OpenAI.git", from: "0.2.0"),
                    ]
                )
                """, path: "Package.swift",
                base: "let package = Package(\n    name: \"App\",\n    dependencies: [\n    ]\n)\n"),
            DetectorExample("""
                name: research
                channels:
                  - conda-forge
                dependencies:
                  - python=3.11
                ↓  - conda-forge::anthropic>=0.34
                  - pip
                  - pip:
                ↓    - openai==1.40.0
                """, path: "environment.yml",
                base: "name: research\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.11\n  - pip\n"),
        ],
        nonTriggering: [
            // Development dependencies are not shipped: Cargo's tests' and build script's, package.json's devDependencies.
            DetectorExample("""
                [dependencies]
                axum = "0.7"

                [dev-dependencies]
                async-openai = "0.23"

                [build-dependencies]
                async-openai = "0.23"
                """, path: "Cargo.toml", base: "[dependencies]\naxum = \"0.7\"\n"),
            DetectorExample("""
                {
                  "dependencies": { "next": "14.2.3" },
                  "devDependencies": { "openai": "^4.52.0" }
                }
                """, path: "package.json", base: "{\n  \"dependencies\": { \"next\": \"14.2.3\" }\n}\n"),
            // A Mix project's deps reordered, and a library of the same name in another ecosystem (`openai` is a hex
            // package only in mix.exs, and `tesla` no model SDK).
            DetectorExample("""
                defmodule Notes.MixProject do
                  use Mix.Project

                  defp deps do
                    [{:tesla, "~> 1.13"}, {:anthropix, "~> 0.6"}, {:phoenix, "~> 1.7.14"}]
                  end
                end
                """, path: "mix.exs",
                base: """
                defmodule Notes.MixProject do
                  use Mix.Project

                  defp deps do
                    [{:phoenix, "~> 1.7.14"}, {:anthropix, "~> 0.6"}]
                  end
                end
                """),
            // A conda environment's channels and tools.
            DetectorExample("""
                name: research
                channels:
                  - conda-forge
                  - pytorch
                dependencies:
                  - pytorch=2.3
                  - pip:
                    - tiktoken==0.7.0
                """, path: "environment.yml"),
            DetectorExample("""
                {
                  "dependencies": {
                    "openai": "^4.52.0"
                  }
                }
                """, path: "package.json",
                base: """
                {
                  "dependencies": {
                    "openai": "^4.20.0"
                  }
                }
                """),
            DetectorExample("""
                {
                  "name": "summaries",
                  "description": "Summaries with openai and stripe",
                  "dependencies": { "express": "^4.19.2" }
                }
                """, path: "package.json"),
            DetectorExample("""
                flask==3.0.3
                # openai==1.40.0  (not yet: waiting for the budget)
                """, path: "requirements.txt", base: "flask==3.0.3\n"),
            DetectorExample("""
                gem "rails", "~> 7.1"
                gem "openai_helpers_fake_gem"
                """, path: "Gemfile", base: "gem \"rails\", \"~> 7.1\"\n"),
            // A gem's development dependency is installed only where the gem itself is developed.
            DetectorExample("""
                Gem::Specification.new do |s|
                  s.name = "assistant"
                  s.summary = "Summaries with anthropic"
                  s.add_development_dependency "anthropic", "~> 0.3"
                end
                """, path: "engines/assistant/assistant.gemspec",
                base: "Gem::Specification.new do |s|\n  s.name = \"assistant\"\nend\n"),
            DetectorExample("""
                import OpenAI from "openai";
                """, path: "src/index.ts"),
        ])

    public func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        guard let kind = ManifestKind(path: file.path), !file.addedLines.isEmpty else { return [] }
        let lines = ManifestLines(file.bytes)
        let deleted = file.change.hunks.flatMap { hunk in hunk.lines.filter { $0.kind == .deleted }.map(\.text) }
        let removedNames = Set(deleted.flatMap { kind.dependencyNames(inLine: $0) })
        // Tests', linters' and build scripts' dependencies are not shipped: they spend nothing where the app runs.
        let development = DevelopmentDependencies(kind, path: file.path, text: lines.all)
        var findings: [Finding] = []
        for line in file.addedLines.sorted() {
            let text = lines.text(line)
            for name in kind.dependencyNames(inLine: text)
            where !removedNames.contains(name) && !development.contains(line: line, name: name) {
                guard let provider = kind.provider(for: name, in: context.providers) else { continue }
                findings.append(.paid(
                    description, file: file, line: line, column: nil,
                    message: "adds \(provider.id)'s paid SDK (\(name)) as a dependency",
                    provider: provider.id, evidence: name))
            }
        }
        return findings
    }
}

/// Line access to a small file.
struct ManifestLines {
    /// The file's lines, the first at index 0.
    let all: [Substring]

    init(_ bytes: [UInt8]) {
        all = Array(TextLines(decoding: bytes))
    }

    func text(_ line: Int) -> String { line >= 1 && line <= all.count ? String(all[line - 1]) : "" }
}

/// The dependency manifests gate reads, and how each names a dependency on one line.
enum ManifestKind {
    case packageJSON, composerJSON, requirements, pyproject, pipfile, condaEnvironment, goMod, gemfile, gemspec, cargo,
         swiftPackage, pom, gradle, csproj, mixExs

    init?(path: String) {
        // Every changed file's path is asked: a name that ends like no manifest is turned away from its bytes.
        guard ManifestKind.mayBeManifest(path) else { return nil }
        self.init(fileName: path.split(separator: "/").last.map(String.init) ?? path)
    }

    /// The manifest a file is by its name.
    init?(fileName name: String) {
        switch name {
        case "package.json": self = .packageJSON
        case "composer.json": self = .composerJSON
        case "pyproject.toml": self = .pyproject
        case "Pipfile": self = .pipfile
        // Conda's environment file, which data work keeps beside its notebooks: conda and pip packages, PyPI's names.
        case "environment.yml", "environment.yaml", "conda.yml", "conda.yaml": self = .condaEnvironment
        case "go.mod": self = .goMod
        case "Gemfile": self = .gemfile
        // Elixir's Mix project: its `deps` list (`mix.lock` only pins what the project already depends on).
        case "mix.exs": self = .mixExs
        case "Cargo.toml": self = .cargo
        case "Package.swift": self = .swiftPackage
        case "pom.xml": self = .pom
        case "build.gradle", "build.gradle.kts": self = .gradle
        default:
            if name.hasPrefix("requirements") && name.hasSuffix(".txt") {
                self = .requirements
            } else if name.hasSuffix(".csproj") {
                self = .csproj
            } else if name.hasSuffix(".gemspec") {
                // A gem's or Rails engine's specification: its runtime dependencies are installed with the app that
                // bundles it (`gem "assistant", path: "engines/assistant"`), as a Gemfile's gems are.
                self = .gemspec
            } else {
                return nil
            }
        }
    }

    /// Whether the file name at the end of `path` may be a manifest: a necessary condition for `init(path:)`,
    /// since a name equal to, or starting and ending like, ASCII text has those bytes.
    static func mayBeManifest(_ path: String) -> Bool {
        PathBytes.with(path) { path in
            guard let name = path.fileName else { return false }
            return path.equals(name, "package.json") || path.equals(name, "composer.json")
                || path.equals(name, "pyproject.toml") || path.equals(name, "Pipfile") || path.equals(name, "go.mod")
                || path.equals(name, "Gemfile") || path.equals(name, "Cargo.toml") || path.equals(name, "Package.swift")
                || path.equals(name, "mix.exs")
                || path.equals(name, "pom.xml") || path.equals(name, "build.gradle")
                || path.equals(name, "build.gradle.kts") || path.equals(name, "environment.yml")
                || path.equals(name, "environment.yaml") || path.equals(name, "conda.yml") || path.equals(name, "conda.yaml")
                || path.hasPrefix(name, "requirements") && path.hasSuffix(name, ".txt")
                || path.hasSuffix(name, ".csproj") || path.hasSuffix(name, ".gemspec")
        }
    }

    var ecosystem: String {
        switch self {
        case .packageJSON: "npm"
        case .composerJSON: "composer"
        case .requirements, .pyproject, .pipfile, .condaEnvironment: "pypi"
        case .goMod: "go"
        case .gemfile, .gemspec: "rubygems"
        case .mixExs: "hex"
        case .cargo: "cargo"
        case .swiftPackage: "swift"
        case .pom, .gradle: "maven"
        case .csproj: "nuget"
        }
    }

    /// The provider one of whose packages `name` is, in this manifest's ecosystem.
    func provider(for name: String, in providers: [Provider]) -> Provider? {
        let wanted = normalize(name)
        for provider in providers {
            for package in provider.packages[ecosystem] ?? [] {
                let candidate = normalize(package)
                switch self {
                case .goMod:
                    if wanted == candidate || wanted.hasPrefix(candidate + "/") { return provider }
                case .pom:
                    if candidate.split(separator: ":").last.map(String.init) == wanted { return provider }
                default:
                    if wanted == candidate { return provider }
                }
            }
        }
        return nil
    }

    private func normalize(_ name: String) -> String {
        switch self {
        case .requirements, .pyproject, .pipfile, .condaEnvironment:
            String(name.lowercased().map { $0 == "_" || $0 == "." ? "-" : $0 })
        case .goMod, .packageJSON, .composerJSON, .cargo, .gemfile, .gemspec: name
        default: name.lowercased()
        }
    }

    /// Dependency names declared on one manifest line.
    /// The object keys on one line of JSON: each string a colon follows (escapes inside strings skipped over).
    static func jsonKeys(_ line: String) -> [String] {
        let bytes = Array(line.utf8)
        var keys: [String] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "\"") else {
                index += 1
                continue
            }
            var end = index + 1
            while end < bytes.count, bytes[end] != UInt8(ascii: "\"") { end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1 }
            guard end < bytes.count else { break }
            var after = end + 1
            while after < bytes.count, bytes[after] == UInt8(ascii: " ") || bytes[after] == UInt8(ascii: "\t") { after += 1 }
            if after < bytes.count, bytes[after] == UInt8(ascii: ":") {
                keys.append(String(decoding: bytes[(index + 1)..<end], as: UTF8.self))
            }
            index = end + 1
        }
        return keys
    }

    func dependencyNames(inLine line: String) -> [String] {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("#") || trimmed.hasPrefix("//") || trimmed.hasPrefix("<!--") { return [] }
        let strings = quotedStrings(trimmed)
        switch self {
        case .packageJSON, .composerJSON:
            // Keys: strings followed by a colon. A manifest written on one line (`{ "dependencies": { "express":
            // "^4", "openai": "^4" } }`) has them all there.
            return Self.jsonKeys(trimmed)
        case .requirements:
            if trimmed.hasPrefix("-") { return [] }
            return [leadingName(trimmed)].filter { !$0.isEmpty }
        case .pyproject:
            // Poetry names the package as the key: `openai = "^1.40"`, `anthropic = { version = "^0.34" }`. A PEP 621
            // array (`dependencies = ["openai>=1"]` or one requirement string per line) names it in the strings.
            if trimmed.first?.isLetter == true, let equals = trimmed.firstIndex(of: "="),
               !trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces).hasPrefix("[")
            {
                return keyBeforeEquals(trimmed)
            }
            if !strings.isEmpty { return strings.map(leadingName).filter { !$0.isEmpty } }
            return keyBeforeEquals(trimmed)
        case .pipfile:
            return keyBeforeEquals(trimmed)
        case .condaEnvironment:
            // A list item: `- openai=1.40`, `- conda-forge::openai`, under `pip:` `- openai==1.40.0`.
            guard trimmed.hasPrefix("- ") else { return [] }
            var item = trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces)
            if let channel = item.range(of: "::") { item = String(item[channel.upperBound...]) }
            return [leadingName(item)].filter { !$0.isEmpty }
        case .cargo:
            if trimmed.hasPrefix("[dependencies.") {
                return [String(trimmed.dropFirst("[dependencies.".count).prefix { $0 != "]" })]
            }
            return keyBeforeEquals(trimmed)
        case .goMod:
            let words = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            return words.filter { $0.contains("/") && $0.contains(".") && !$0.hasPrefix("//") }.prefix(1).map { $0 }
        case .gemfile:
            guard trimmed.hasPrefix("gem ") || trimmed.hasPrefix("gem("), let first = strings.first else { return [] }
            return [first]
        case .gemspec:
            // `s.add_dependency "anthropic", "~> 0.3"`, `spec.add_runtime_dependency("ruby-openai")`: a runtime
            // dependency. `add_development_dependency` is installed only where the gem is developed.
            guard let first = strings.first,
                  let call = trimmed.range(of: ".add_dependency") ?? trimmed.range(of: ".add_runtime_dependency"),
                  call.upperBound < trimmed.endIndex, trimmed[call.upperBound] == " " || trimmed[call.upperBound] == "("
            else { return [] }
            return [first]
        case .swiftPackage:
            return strings.compactMap { string in
                guard let range = string.range(of: "github.com/") else { return nil }
                var path = String(string[range.upperBound...])
                if path.hasSuffix(".git") { path.removeLast(4) }
                return path
            }
        case .pom:
            guard let start = trimmed.range(of: "<artifactId>"), let end = trimmed.range(of: "</artifactId>"),
                  start.upperBound <= end.lowerBound
            else { return [] }
            return [String(trimmed[start.upperBound..<end.lowerBound]).trimmingCharacters(in: .whitespaces)]
        case .gradle:
            return strings.compactMap { string in
                let parts = string.split(separator: ":")
                return parts.count >= 2 ? "\(parts[0]):\(parts[1])" : nil
            }
        case .csproj:
            guard trimmed.contains("PackageReference"), let range = trimmed.range(of: "Include=\"") else { return [] }
            return [String(trimmed[range.upperBound...].prefix { $0 != "\"" })]
        case .mixExs:
            // Each tuple's atom: `{:openai_ex, "~> 0.8"}`, `{:langchain, github: "…"}`, several on one line.
            return trimmed.components(separatedBy: "{:").dropFirst().map { tuple in
                String(tuple.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
            }.filter { !$0.isEmpty }
        }
    }

    private func quotedStrings(_ line: String) -> [String] {
        var result: [String] = []
        var current: String?
        var quote: Character = "\""
        for character in line {
            if var open = current {
                if character == quote {
                    result.append(open)
                    current = nil
                } else {
                    open.append(character)
                    current = open
                }
            } else if character == "\"" || character == "'" {
                quote = character
                current = ""
            }
        }
        return result
    }

    private func leadingName(_ text: String) -> String {
        String(text.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." })
    }

    private func keyBeforeEquals(_ line: String) -> [String] {
        guard let equals = line.firstIndex(of: "="), !line.hasPrefix("[") else { return [] }
        let key = line[..<equals].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        return key.isEmpty || key.contains(" ") ? [] : [key]
    }
}
