import GateCore
@testable import GateRules
@testable import GateSQL
import XCTest

/// The per-file path classifiers answer from the path's bytes; over thousands of varied paths (ASCII, other
/// cases, trailing and doubled slashes, non-ASCII names) they give what the `String` logic they replace gives.
final class PathClassificationTests: XCTestCase {
    /// Directories and file names crossed into paths, plus paths that are odd on their own.
    static let corpus: [String] = {
        let directories = [
            "", "src/", "src/lib/", "db/migrate/", "db/Migrate/", "app/db/migrate/", "prisma/", "prisma/migrations/20240101_init/",
            "migrations/", "Migrations/", "db/migrations/", "supabase/migrations/", "alembic/versions/", "app/migrations/",
            "versions/", "drizzle/", "drizzle/meta/", "deploy/", "revert/", "atlas/migrations/", "migrate/", "migration/",
            "src/db/schema/", "schema/", "lib/schemas/", ".github/workflows/", "a//b/", "/", "web/node_modules/x/",
            "migrations\u{301}/", "café/", "データ/", "docs.py/",
        ]
        let names = [
            "schema.prisma", "Schema.prisma", "models.PRISMA", "init.sql", "INIT.SQL", "001_init.up.sql",
            "001_init.down.sql", "V1__init.sql", "V1.2_3__add.sql", "R__views.sql", "U2__undo.sql", "Vx__bad.sql",
            "V__empty.sql", "migration.sql", "20240101000000_add_users.rb", "add.RB", "0001_initial.py",
            "0001initial.py", "abc_initial.py", "1a2b3c_rev.py", "index.ts", "index.d.ts", "schema.ts", "schema.js",
            "users.schema.ts", "SCHEMA.TS", "x.js", "x.cjs", "x.MJS", "x.mts", "x.tsx", "page.jsx", "Main.kt",
            "build.gradle.kts", "build.gradle", "package.json", "Package.json", "composer.json", "pyproject.toml",
            "Pipfile", "go.mod", "go.sum", "Gemfile", "Gemfile.lock", "Cargo.toml", "Package.swift", "pom.xml",
            "requirements.txt", "requirements-dev.txt", "requirements.md", "dev-requirements.txt", "App.csproj",
            "Rakefile", "rakefile", "tasks.rake", "main.go", "Main.java", "x.cs", "lib.rs", "App.swift", "x.php",
            "x.py", "x.pyw", "x.PY", "x.pyi", "x.rb", ".env", ".env.local", "config.yml", "app.yaml", "README.md",
            "Makefile", "Dockerfile", "notes.", ".ts", ".", "a.b.c", "x.sh", "x.h", "x.hpp", "x.vue", "x.svelte",
            "x.SQL", "x.Sql", "x.tar.gz", "x.toolongextension", "café.py", "naïve.sql", "x.\u{212A}t", "x.\u{212A}ts",
            "\u{212A}.kt", "x.py\u{301}", "x.\u{301}py", "\u{0660}\u{0660}\u{0660}\u{0661}_initial.py",
            "0001\u{301}_x.py", "R__\u{301}x.sql", "V1\u{301}__x.sql", "x\u{0600}.sql", "x\u{0600}.py", "requirements\u{301}x.txt",
            "x\u{0600}.csproj", "ファイル.ts", "x.tş",
        ]
        var paths: [String] = []
        for directory in directories {
            for name in names { paths.append(directory + name) }
        }
        paths += ["", "/", "//", "a/", "a.ts/", "x.sql/", "package.json/", "db/migrate/x.rb/", "dir.py/file", "a//b.sql"]
        return paths
    }()

    func testSourceLanguageMatchesTheStringLogicAndKnownPaths() {
        for path in Self.corpus {
            XCTAssertEqual(SourceLanguage(path: path), Self.languageByStrings(path), path)
        }
        let known: [(String, SourceLanguage?)] = [
            ("web/src/app/Page.TSX", .typescript), ("lib/tasks/db.rake", .ruby), ("Rakefile", .ruby),
            ("tools/Rakefile/", .ruby), ("api/handler.PY", .python), ("x.\u{212A}t", .kotlin), ("src/.ts", .typescript),
            ("dir.py/file", nil), ("README.md", nil), ("notes.", nil), ("", nil), ("x.ts/", nil),
            ("app/views/notes/show.html.erb", .ruby), ("config.ru", .ruby), ("Pages/Index.cshtml", .csharp),
            ("Components/App.razor", .csharp), ("view/index.phtml", .php),
        ]
        for (path, language) in known { XCTAssertEqual(SourceLanguage(path: path), language, path) }
    }

    /// A file with no extension is read by its `#!` line; one with an extension, or with no such line, is not.
    func testAnExtensionlessScriptIsReadByItsShebang() {
        let scripts: [(String, String, SourceLanguage?)] = [
            ("bin/nightly-digest", "#!/usr/bin/env python3\nimport openai\n", .python),
            ("bin/report", "#!/usr/local/bin/python3.12 -u\n", .python),
            ("scripts/sync", "#!/usr/bin/env node\n", .javascript),
            ("scripts/embed", "#!/usr/bin/env -S deno run --allow-net\n", .typescript),
            ("scripts/seed", "#!/usr/bin/env -S npx ts-node\n", .typescript),
            ("scripts/backfill", "#!/usr/bin/env -S uv run --script\n# /// script\n", .python),
            ("scripts/tool", "#!/usr/bin/env -S npx some-cli\n", nil),
            ("scripts/seed", "#!/usr/bin/env ts-node\n", .typescript),
            ("bin/classify", "#!/usr/bin/ruby\r\n", .ruby),
            ("artisan", "#!/usr/bin/env php\n<?php\n", .php),
            (".local/tool", "#!/usr/bin/env bun\n", .typescript),
            ("bin/deploy", "#!/usr/bin/env bash\n", nil),
            ("bin/setup", "#!/bin/sh\n", nil),
            ("LICENSE", "MIT License\n", nil),
            ("bin/notes.txt", "#!/usr/bin/env python3\n", nil),
            ("lib/app.py", "print('hi')\n", .python),
        ]
        for (path, text, language) in scripts {
            XCTAssertEqual(SourceLanguage(path: path, contents: Array(text.utf8)), language, path + " " + text)
        }
    }

    func testBareValuesMatchTheStringLogicAndKnownPaths() {
        for path in Self.corpus {
            XCTAssertEqual(
                SecretFileKind.allowsBareValues(path: path), SecretFileKind.allowsBareValuesByStrings(path: path), path)
        }
        let known: [(String, Bool)] = [
            (".env", true), ("config/app.yml", true), ("deploy/run.sh", true), ("notes.", true), ("", true),
            ("src/app.ts", false), ("Main.JAVA", false), ("db/schema.sql", false), ("café.py", false),
            ("x.\u{212A}t", false), ("docs.py/README", true), ("src/app.ts/", false),
        ]
        for (path, allows) in known { XCTAssertEqual(SecretFileKind.allowsBareValues(path: path), allows, path) }
    }

    func testManifestKindMatchesTheStringLogicAndKnownPaths() {
        for path in Self.corpus {
            let byName = ManifestKind(fileName: path.split(separator: "/").last.map(String.init) ?? path)
            XCTAssertEqual(ManifestKind(path: path), byName, path)
        }
        let known: [(String, ManifestKind?)] = [
            ("web/package.json", .packageJSON), ("requirements-dev.txt", .requirements), ("src/App.csproj", .csproj),
            ("package.json/", .packageJSON), ("android/build.gradle.kts", .gradle), ("docs/requirements.md", nil),
            ("Package.json", nil), ("dev-requirements.txt", nil), ("go.sum", nil), ("", nil),
        ]
        for (path, kind) in known { XCTAssertEqual(ManifestKind(path: path), kind, path) }
    }

    func testMigrationByteTestNeverTurnsAwayAConventionalPath() throws {
        let heads = ["", "import { pgTable } from 'drizzle-orm/pg-core'", "class X implements MigrationInterface {}"]
        let extra = [try Glob("database/changes/**")]
        var recognised = 0
        for path in Self.corpus {
            for head in heads.map({ Array($0.utf8) }) {
                let full = MigrationLayout.classifyByConventions(path, head: head, extra: [])
                XCTAssertEqual(MigrationLayout.classify(path, head: head), full, path)
                if full != nil { recognised += 1 }
            }
            let withExtra = MigrationLayout.classifyByConventions("database/changes/" + path, head: [], extra: extra)
            XCTAssertEqual(MigrationLayout.classify("database/changes/" + path, extra: extra), withExtra, path)
        }
        // The corpus exercises the conventions, not only rejections.
        XCTAssertGreaterThan(recognised, 1_000)
        XCTAssertFalse(MigrationLayout.mayFollowConvention("src/lib/index.ts"))
        XCTAssertFalse(MigrationLayout.mayFollowConvention("app/models/user.rb"))
        XCTAssertEqual(
            MigrationLayout.classify("src/db/schema.ts", head: Array("from 'drizzle-orm'".utf8))?.format, .drizzleSchema)
        XCTAssertEqual(MigrationLayout.classify("db/migrate/20240101_add.RB")?.format, .rails)
    }

    /// `SourceLanguage(path:)` as it was written with `String`s.
    private static func languageByStrings(_ path: String) -> SourceLanguage? {
        let bytes = Array(path.utf8)
        guard let dot = bytes.lastIndex(of: UInt8(ascii: ".")), !bytes[dot...].contains(UInt8(ascii: "/")) else {
            let name = bytes.split(separator: UInt8(ascii: "/")).last.map { String(decoding: $0, as: UTF8.self) }
            return name == "Rakefile" ? .ruby : nil
        }
        switch String(decoding: bytes[(dot + 1)...], as: UTF8.self).lowercased() {
        case "js", "mjs", "cjs", "jsx": return .javascript
        case "ts", "mts", "cts", "tsx": return .typescript
        case "go": return .go
        case "java": return .java
        case "kt", "kts": return .kotlin
        case "cs", "cshtml", "razor": return .csharp
        case "rs": return .rust
        case "swift": return .swift
        case "php", "phtml": return .php
        case "py", "pyw": return .python
        case "rb", "rake", "erb", "ru": return .ruby
        default: return nil
        }
    }
}
