/// GitHub personal access, OAuth, app and refresh tokens.
struct GitHubTokenDetector: CredentialDetector {
    let provider: String? = "github"
    var shapes: [TokenShape] { Self.tokenShapes }
    var description: DetectorDescription { Self.about }

    private static let tokenShapes = [
        // 36-character tokens end in the CRC-32 of the 30 before, in base 62: a made-up one fails it.
        TokenShape("GitHub token", prefix: "gh[pousr]_", body: .run(.alphanumeric, 36...251)) { buffer, body in
            body.count != 36 || Checksums.crc32Base62Holds(buffer, body)
        },
        TokenShape("GitHub fine-grained token", prefix: "github_pat_", body: .run(ByteSet("A-Za-z0-9_"), 70...244)),
    ]

    private static let about = DetectorDescription(
        id: "github-token", name: "GitHub token", category: .secret,
        rationale: """
            A GitHub token acts as its user or app: it can push code, read private repositories and change \
            CI secrets, which turns one leak into a supply-chain compromise. Reports classic personal access \
            tokens (ghp_), OAuth (gho_), user-to-server (ghu_), server-to-server (ghs_), refresh (ghr_) and \
            fine-grained (github_pat_) tokens; the 36-character forms must carry their CRC-32 checksum, so a \
            hand-typed look-alike is not reported. References such as secrets.GITHUB_TOKEN are not tokens.
            """,
        triggering: [
            DetectorExample("GITHUB_TOKEN=↓\(ExampleSecret.gitHubClassic)\n", path: ".env"),
            DetectorExample("""
                - name: Publish
                  run: npm publish
                  env:
                    NODE_AUTH_TOKEN: ↓\(ExampleSecret.gitHubFineGrained)
                """, path: ".github/workflows/release.yml"),
            DetectorExample("""
                const octokit = new Octokit({ auth: "↓\(ExampleSecret.gitHubOAuth)" });
                """, path: "scripts/sync-issues.mjs"),
            DetectorExample("""
                git clone https://x-access-token:↓\(ExampleSecret.gitHubApp)@github.com/acme/infra.git
                """, path: "docs/runbook.md"),
        ],
        nonTriggering: [
            DetectorExample("""
                env:
                  GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}
                """, path: ".github/workflows/ci.yml"),
            DetectorExample("Create a token (it starts with `ghp_`) with the `repo` scope.\n", path: "CONTRIBUTING.md"),
            DetectorExample("GITHUB_TOKEN=ghp_" + String(repeating: "x", count: 36) + "\n", path: ".env.example"),
            DetectorExample("A classic token looks like `ghp_" + ExampleSecret.random(36, from: ExampleSecret.alphanumeric, seed: "no-crc")
                            + "` (this one fails its checksum).\n", path: "docs/tokens.md"),
            DetectorExample("""
                octokit = Octokit(auth=os.environ["GH_TOKEN"])
                """, path: "tools/release.py"),
        ])
}
