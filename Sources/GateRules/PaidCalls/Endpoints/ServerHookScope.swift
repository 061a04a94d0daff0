import GateCode

/// Files that run before the routes of a file-routed app, whatever those routes' files say, and the route files each
/// runs for: Next.js's `middleware.ts` (its matcher narrowing them), SvelteKit's `src/hooks.server.ts` (its
/// `handle`), Nuxt's and Nitro's `server/middleware/*`, Cloudflare Pages Functions' `_middleware.ts`, Astro's
/// `src/middleware/index.ts`, Fastify's `autohooks` files (loaded with `autoHooks: true`). A change to
/// one can open routes it leaves alone (a check deleted, a path prefix narrowed from `/api` to `/app`): those routes
/// are judged with the hook as changed and as it was (UnchangedEndpointReach). How each hook guards is read in
/// GateCode (`serverHooksGuard`, `nextMiddlewareGuard`).
enum ServerHookScope {
    /// Whether `path` is such a hook file (with `project`, a Next.js app's middleware in a monorepo's folder too).
    static func isHookFile(_ path: String, in project: Project? = nil) -> Bool { routeFilter(runBy: path, in: project) != nil }

    /// The test of the route files the hook file `path` runs for; nil when `path` is no hook file. With `project`, a
    /// Next.js middleware in a folder of a monorepo (`apps/web/middleware.ts`, `apps/web/src/middleware.ts`) runs for
    /// the route handlers of the app beside it (`apps/web/app/**/route.ts`, `apps/web/pages/api/**`), and is a hook
    /// file only where that app has some: an Express app's `apps/api/src/middleware.ts` is none.
    static func routeFilter(runBy path: String, in project: Project? = nil) -> ((String) -> Bool)? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let directory = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(path[..<$0]) } ?? ""
        // (Next.js 16 calls it `proxy.ts`.)
        if ["middleware.ts", "middleware.js", "src/middleware.ts", "src/middleware.js", "proxy.ts", "proxy.js", "src/proxy.ts",
            "src/proxy.js"].contains(path)
        {
            return isNextRoute
        }
        if let project, !directory.isEmpty, Self.nextMiddlewareNames.contains(name) {
            let app = directory + "/app/"
            let pagesAPI = directory + "/pages/api/"
            let runsFor: (String) -> Bool = { route in
                (route.hasPrefix(app) && route.split(separator: "/").last?.hasPrefix("route.") == true) || route.hasPrefix(pagesAPI)
            }
            if project.paths(under: directory + "/app").contains(where: runsFor)
                || project.paths(under: directory + "/pages/api").contains(where: runsFor)
            {
                return runsFor
            }
        }
        if name == "hooks.server.ts" || name == "hooks.server.js", directory == "src" || directory.hasSuffix("/src") {
            let routes = directory + "/routes/"
            return { route in
                route.hasPrefix(routes) && route.split(separator: "/").last?.hasPrefix("+") == true
            }
        }
        if directory == "server/middleware" || directory.hasSuffix("/server/middleware") {
            let root = String(directory.dropLast("middleware".count))
            return { route in route.hasPrefix(root + "api/") || route.hasPrefix(root + "routes/") }
        }
        if name.hasPrefix("_middleware."), directory == "functions" || directory.hasPrefix("functions/")
            || directory.contains("/functions")
        {
            return { route in route.hasPrefix(directory + "/") && !route.hasSuffix("/" + name) }
        }
        // Astro's middleware written as a directory (`src/middleware/index.ts`): the endpoints of its `src/pages/`.
        if ["index.ts", "index.js", "index.mjs"].contains(name), directory == "src/middleware" || directory.hasSuffix("/src/middleware") {
            let pages = String(directory.dropLast("middleware".count)) + "pages/"
            return { route in route.hasPrefix(pages) }
        }
        // Fastify's `@fastify/autoload` registers a directory's `autohooks` file for the routes under it.
        if ["autohooks.js", "autohooks.ts", "autohooks.mjs", "autohooks.cjs"].contains(name) {
            return { route in route.hasPrefix(directory + "/") && route != path }
        }
        return nil
    }

    private static let nextMiddlewareNames: Set<String> = ["middleware.ts", "middleware.js", "proxy.ts", "proxy.js"]

    /// Next.js route handlers and API routes: what a middleware at the root guards.
    private static func isNextRoute(_ path: String) -> Bool {
        let name = path.split(separator: "/").last ?? ""
        return (name.hasPrefix("route.") && (path.hasPrefix("app/") || path.hasPrefix("src/app/")))
            || path.hasPrefix("pages/api/") || path.hasPrefix("src/pages/api/")
    }
}
