import GateCore

/// Middleware a Laravel route or route group takes off the routes it covers: `->withoutMiddleware('auth:sanctum')` on a
/// route, `Route::withoutMiddleware(['auth'])->group(…)`, a group's `'excluded_middleware' => […]`. Laravel drops each
/// middleware so named from those the route's groups give it, matching the name as written, parameters included
/// (excluding `'auth'` keeps `'auth:sanctum'`), and a class by its alias: a guard named there guards nothing.
struct LaravelMiddlewareExclusions {
    /// The exclusions' arguments: the names in them are no guards of the route.
    var arguments: [ClosedRange<Int>] = []
    /// The middleware names excluded, lower-cased; a class by its alias (`Authenticate::class` is `auth`).
    var names: Set<String> = []
    /// Aliases of the project's guard middleware the change leaves refusing nobody (`auth` of an `Authenticate` whose
    /// `handle` now hands every caller on), lower-cased: no name they start (`auth:sanctum`) guards.
    var disarmedAliases: Set<String> = []

    var isEmpty: Bool { arguments.isEmpty }

    /// Whether a guard named `name` (`auth:sanctum`; a project-wide guard's description, `auth:sanctum (app/Http/
    /// Kernel.php 'api' group)`, by the name it starts with) is excluded.
    func excludes(_ name: String) -> Bool {
        guard !names.isEmpty else { return false }
        let bare = name.split(separator: " ", maxSplits: 1).first.map(String.init) ?? name
        return names.contains(bare.lowercased())
    }

    /// Aliases of the framework's guard middleware classes, as `withoutMiddleware(Authenticate::class)` names them.
    static let classAliases: [String: String] = [
        "Authenticate": "auth", "AuthenticateWithBasicAuth": "auth.basic", "ThrottleRequests": "throttle",
        "ThrottleRequestsWithRedis": "throttle", "EnsureEmailIsVerified": "verified",
    ]
}

extension HandlerFinder {
    /// The middleware the chain links and group headers `ranges` exclude (`HTTPHandler.guardRanges`' first range and
    /// `enclosingGroupHeaders`); empty outside PHP or where none is excluded.
    func laravelMiddlewareExclusions(in ranges: [ClosedRange<Int>]) -> LaravelMiddlewareExclusions {
        var result = LaravelMiddlewareExclusions()
        guard lexed.language == .php else { return result }
        for range in ranges {
            for index in range where index + 2 < lexed.tokens.count {
                let arguments: ClosedRange<Int>
                if lexed.token(index, is: "withoutMiddleware"), lexed.token(index + 1, isPunctuation: Byte.openParen),
                   lexed.partner[index + 1] > index + 1
                {
                    arguments = (index + 1)...lexed.partner[index + 1]
                } else if lexed.tokens[index].kind == .string, lexed.token(index + 1, is: "=>"),
                          ["excluded_middleware", "withoutMiddleware"].contains(lexed.text(index))
                {
                    // `Route::group(['excluded_middleware' => ['auth'], …], function () { … })`: a name or a list.
                    let value = index + 2
                    if lexed.token(value, isPunctuation: Byte.openBracket), lexed.partner[value] > value {
                        arguments = value...lexed.partner[value]
                    } else {
                        arguments = value...value
                    }
                } else {
                    continue
                }
                result.arguments.append(arguments)
                for argument in arguments where argument < lexed.tokens.count {
                    if lexed.tokens[argument].kind == .string {
                        result.names.insert(lexed.text(argument).lowercased())
                    } else if lexed.token(argument + 1, is: "::"), lexed.token(argument + 2, is: "class"),
                              let alias = LaravelMiddlewareExclusions.classAliases[lexed.text(argument)]
                    {
                        result.names.insert(alias)
                    }
                }
            }
        }
        result.arguments.sort { $0.lowerBound < $1.lowerBound }
        return result
    }
}
