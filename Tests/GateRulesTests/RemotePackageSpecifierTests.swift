import XCTest
@testable import GateRules

/// Deno's registries and the CDNs name the npm package they load; the provider catalogue matches that package.
final class RemotePackageSpecifierTests: XCTestCase {
    private func package(_ specifier: String) -> String? {
        RemotePackageSpecifiers.packagePath(Array(specifier.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    func testTheRegistryOrCDNTheVersionAndTheQueryAreReadPast() {
        let cases: [(String, String)] = [
            ("npm:openai@4.20.0", "openai"),
            ("npm:openai", "openai"),
            ("npm:@anthropic-ai/sdk@0.24.3", "@anthropic-ai/sdk"),
            ("npm:openai@4/resources/chat", "openai/resources/chat"),
            ("jsr:@openai/openai@4.77.0", "@openai/openai"),
            ("jsr:@std/http@1.0.12/file-server", "@std/http/file-server"),
            ("https://esm.sh/openai-edge@1.2.2", "openai-edge"),
            ("https://esm.sh/stripe@14.25.0?target=deno", "stripe"),
            ("https://esm.sh/v135/@anthropic-ai/sdk@0.20.9/es2022/sdk.mjs", "@anthropic-ai/sdk/es2022/sdk.mjs"),
            ("https://esm.sh/stable/openai@4.20.0", "openai"),
            ("https://esm.sh/*openai@4", "openai"),
            ("https://esm.sh/jsr/@openai/openai@4", "@openai/openai"),
            ("https://cdn.skypack.dev/openai", "openai"),
            ("https://cdn.skypack.dev/-/openai@v3.3.0-AbCd/dist=es2019,mode=imports/optimized/openai.js",
             "openai/dist=es2019,mode=imports/optimized/openai.js"),
            ("https://esm.run/openai@4", "openai"),
            ("https://unpkg.com/@anthropic-ai/sdk@0.20.0/index.mjs?module", "@anthropic-ai/sdk/index.mjs"),
            ("https://cdn.jsdelivr.net/npm/openai@4/+esm", "openai/+esm"),
            ("https://deno.land/x/openai@v4.24.0/mod.ts", "openai/mod.ts"),
            ("https://ga.jspm.io/npm:openai@4.20.0/index.mjs", "openai/index.mjs"),
            ("http://esm.sh/openai#x", "openai"),
            ("HTTPS://ESM.SH/openai@4", "openai"),
        ]
        for (specifier, expected) in cases {
            XCTAssertEqual(package(specifier), expected, specifier)
        }
    }

    func testOtherModulesAndURLsAreNoRemotePackages() {
        for specifier in [
            "openai", "@anthropic-ai/sdk", "./lib/openai", "node:http", "hono", "jose", "next/server", "npm:",
            "https://example.com/openai@4/mod.ts", "https://api.openai.com/v1/chat/completions", "https://esm.sh",
            "jsr", "http",
        ] {
            XCTAssertNil(package(specifier), specifier)
        }
    }

    func testTheCatalogueMatchesThePackageARemoteSpecifierLoads() {
        let catalogue = CompiledCatalogue.compiled(for: ProviderCatalogue.builtin)
        func provider(_ module: String) -> String? {
            catalogue.providers(importing: CompiledCatalogue.normalizeModule(Array(module.utf8))).first
                .map { catalogue.providers[$0].id }
        }
        XCTAssertEqual(provider("https://esm.sh/openai-edge@1.2.2"), "openai")
        XCTAssertEqual(provider("jsr:@openai/openai"), "openai")
        XCTAssertEqual(provider("npm:@anthropic-ai/sdk@0.24.3"), "anthropic")
        XCTAssertEqual(provider("https://esm.sh/stripe@14.25.0?target=deno"), "stripe")
        XCTAssertNil(provider("npm:openai-streams@6.2.0"))
        XCTAssertNil(provider("https://esm.sh/@supabase/supabase-js@2"))
    }
}
