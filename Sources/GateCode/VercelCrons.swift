import GateCore

/// A cron job Vercel runs: a request to one of the app's routes on a schedule (`vercel.json`'s `"crons": [{ "path":
/// "/api/cron/digest", "schedule": "0 5 * * *" }]`), from the directory of the `vercel.json` that lists it.
public struct VercelCron: Sendable, Equatable {
    /// The directory of the `vercel.json` (the app's root; "" for the repository's).
    public var root: String
    /// The URL path requested, without its query (`/api/cron/digest`).
    public var path: String
    public var schedule: String
}

extension CodeIndex {
    /// The cron jobs of the project's `vercel.json` files. Read once.
    public func vercelCrons() -> [VercelCron] {
        project.configuration("vercel-crons") { () -> [VercelCron] in
            var crons: [VercelCron] = []
            for config in project.paths(named: "vercel.json") where !config.contains("node_modules/") {
                guard let entries = project.json(at: config)?["crons"] as? [[String: Any]] else { continue }
                for entry in entries {
                    guard let requested = entry["path"] as? String else { continue }
                    let path = requested.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? requested
                    crons.append(VercelCron(root: RepoPath.directory(of: config), path: path, schedule: entry["schedule"] as? String ?? ""))
                }
            }
            return crons
        }
    }

    /// The cron job that requests the route file at `path`, by Next.js's and Vercel's file routing: the app router's
    /// `app/api/cron/digest/route.ts` (route groups `(…)` and slots `@…` take no part in the URL), the pages router's
    /// `pages/api/cron/digest.ts`, and a Vercel function's `api/cron/digest.ts`, under `src/` or not.
    public func vercelCron(requesting path: String) -> VercelCron? {
        let crons = vercelCrons()
        guard !crons.isEmpty else { return nil }
        return crons.first { cron in
            let relative: Substring
            if cron.root.isEmpty {
                relative = Substring(path)
            } else {
                guard path.hasPrefix(cron.root + "/") else { return false }
                relative = path.dropFirst(cron.root.count + 1)
            }
            guard let url = Self.fileRouteURL(relative) else { return false }
            return url == (cron.path.count > 1 && cron.path.hasSuffix("/") ? String(cron.path.dropLast()) : cron.path)
        }
    }

    /// The URL path a route file serves by where it lives, relative to its app's root; nil for a file no file
    /// routing serves.
    static func fileRouteURL(_ relative: Substring) -> String? {
        var segments = relative.split(separator: "/")
        if segments.first == "src" { segments.removeFirst() }
        guard segments.count >= 2, let file = segments.popLast(), let stem = file.split(separator: ".").first else { return nil }
        switch segments.first {
        case "app":
            guard stem == "route" else { return nil }
            segments = segments.dropFirst().filter { !($0.hasPrefix("(") && $0.hasSuffix(")")) && !$0.hasPrefix("@") }
        case "pages":
            segments.removeFirst()
            if stem != "index" { segments.append(stem) }
        case "api":
            if stem != "index" { segments.append(stem) }
        default:
            return nil
        }
        return "/" + segments.joined(separator: "/")
    }
}
