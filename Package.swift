// swift-tools-version:6.0
import PackageDescription

/// Module layout (see STYLE.md): dependencies point one way, from `gate` down to `GateCore`.
/// Only `GateGit`, `GateSQL` and `GatePostgres` import the C libraries.
let package = Package(
    name: "gate",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "gate", targets: ["gate"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibgit2", pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]),
        // libdeflate inflates the blobs GateGit reads straight from pack files (PackReader.swift).
        .systemLibrary(
            name: "CLibdeflate", pkgConfig: "libdeflate",
            providers: [.apt(["libdeflate-dev"]), .brew(["libdeflate"])]),
        // libpg_query for the Postgres 17 grammar, built by scripts/setup into .build-deps/ with its own pkg-config
        // file (the Makefile sets PKG_CONFIG_PATH). Without it the module map's `pg_query` is Debian's (Postgres 15).
        .systemLibrary(
            name: "CPgQuery", pkgConfig: "gate-pg-query",
            providers: [.apt(["libpg-query-dev"])]),

        .target(name: "GateCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Defers libgit2's parse of the system's CA bundle from start-up to the first remote (see its C file).
        .target(name: "CGitCertificates", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .target(name: "GateGit", dependencies: ["GateCore", "GateCode", "CLibgit2", "CLibdeflate", "CGitCertificates"]),
        .target(name: "GateSQL", dependencies: ["GateCore", "CPgQuery", "Yams"]),
        // libpq (libpq-dev's headers) and libcurl (libcurl4-openssl-dev's) are loaded on first use, not linked: a
        // check, which needs neither, starts without mapping them and the TLS, Kerberos and LDAP libraries they pull in.
        .target(name: "CLibraryLoader", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .target(name: "CLibpq", dependencies: ["CLibraryLoader"]),
        .target(name: "CHTTP", dependencies: ["CLibraryLoader"]),
        .target(name: "GatePostgres", dependencies: ["GateCore", "CLibpq"]),
        .target(name: "GateCode", dependencies: ["GateCore", "Yams"]),
        .target(name: "GateRules", dependencies: ["GateCore", "GateCode", "GateSQL"]),
        .target(name: "GatePolicy", dependencies: ["GateCore", "GateRules", "Yams"]),
        .target(
            name: "GateApprovals",
            dependencies: [
                "GateCore", "GateGit", "GatePolicy", "GatePostgres",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(name: "GateDeploy", dependencies: ["GateCore", "GateSQL", "GatePostgres", "GatePolicy"]),
        .target(
            name: "GateKit",
            dependencies: [
                "GateCore", "GateCode", "GateGit", "GateSQL", "GateRules", "GatePolicy", "GateApprovals", "GateDeploy",
                "CHTTP",
            ]),
        // Turns on mimalloc's huge pages before any library starts (see its C file); linked into the executable only.
        .target(name: "CAllocatorOptions"),
        .executableTarget(
            name: "gate",
            dependencies: [
                "GateKit", "GateRules", "CAllocatorOptions",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // mimalloc (Debian's libmimalloc2.0) serves the process's allocations in place of glibc's malloc: a check
            // allocates and frees millions of small buffers on three threads, and frees on one thread what another
            // allocated (a file's bytes); on the app bench case it takes 10% off the wall time and the CPU time, as
            // TCMalloc did, and it starts in 0.03 ms where TCMalloc took 2.2 ms (and 1,000 page faults) of every run.
            // By file name, so the runtime package suffices (there is no -dev package to install for a symlink).
            linkerSettings: [.linkedLibrary(":libmimalloc.so.2", .when(platforms: [.linux]))]),

        .target(name: "GateTestSupport", dependencies: ["GateCore", "GatePostgres"], path: "Tests/GateTestSupport"),
        .testTarget(name: "GateCoreTests", dependencies: ["GateCore"]),
        .testTarget(name: "GateGitTests", dependencies: ["GateGit", "GateTestSupport"]),
        .testTarget(name: "GateSQLTests", dependencies: ["GateSQL"]),
        .testTarget(name: "GatePostgresTests", dependencies: ["GatePostgres", "GateTestSupport"]),
        .testTarget(name: "GateCodeTests", dependencies: ["GateCode"]),
        .testTarget(name: "GateRulesTests", dependencies: ["GateRules", "GateTestSupport"]),
        .testTarget(name: "GatePolicyTests", dependencies: ["GatePolicy", "GateTestSupport"]),
        .testTarget(name: "GateApprovalsTests", dependencies: ["GateApprovals", "GateTestSupport"]),
        .testTarget(name: "GateDeployTests", dependencies: ["GateDeploy", "GateKit", "GateTestSupport"]),
        .testTarget(name: "GateKitTests", dependencies: ["GateKit", "GateTestSupport", "CHTTP"], exclude: ["Fixtures", "Snapshots", "PrecisionCorpus"]),
        .testTarget(name: "EndToEndTests", dependencies: ["GateTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
