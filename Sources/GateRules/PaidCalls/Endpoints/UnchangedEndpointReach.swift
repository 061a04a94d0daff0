import GateCode
import GateCore

/// An endpoint the change does not touch can still start spending money because of it: the change adds a paid call to
/// `summarize()` in `lib/summarize.ts`, and `app/api/summarize/route.ts`, unchanged, has called `summarize()` with no
/// sign-in check all along. Judging only the changed files, that route is never read; this analysis reads it.
///
/// It notes each function of a changed file whose body gains a paid call (a new SDK call, or a new call of a function
/// that reaches one), then looks through the head's unchanged code files for callers of those names, one hop
/// further for callers of callers, and judges each handler there that calls one of them as the endpoint rule judges a
/// changed handler: its guards, its router's and the project's, and the paid call it now reaches through the code
/// index. A handler whose own file the change touches is judged by the endpoint rule already.
///
/// It costs nothing when the change adds no paid call inside a named function, or leaves no code file unchanged (the
/// whole-history bench cases); otherwise the unchanged code files of the callers' languages are read once per hop, as
/// bytes, and only those naming a function are lexed.
public struct UnchangedEndpointReach: ChangeAnalyzer {
    /// A function the change makes reach a paid call: where, and the new paid line that does it.
    struct NewlyPaid: Sendable {
        var function: String
        var path: String
        var line: Int
        /// The new line's text, for the finding's identity: editing it asks the reviewers again.
        var lineText: String
        /// What a caller in a language without imports of files names to reach the function: its class or module
        /// (`SummarizeService`); for a function of no class, its package's directory in Go and Kotlin (`llm` of
        /// `llm.Summarize`, `import app.llm.summarize`), else its file's stem (`require_relative "summarize"`). Empty in
        /// JavaScript, TypeScript and Python, whose callers are found by their imports.
        var owner: String
        /// The change takes lines that read like a guard out of the function (or, with `function` empty, out of the
        /// file outside any function: a `before_action`, a middleware's matcher), rather than adding a paid call.
        var guardWeakened = false
        /// The guard lines taken out registered a guard for the whole app (`app.use(requireAuth)`, a Laravel
        /// middleware group's `'auth:sanctum'`, DRF's default permission classes): every route of the app is judged.
        var appWide = false
        /// The function is a guard helper the change leaves refusing nobody: its callers are judged without it.
        var disarmed = false
        /// The guard lines taken out guarded routes of their own file (a controller's `[Authorize]`, a view's
        /// `@login_required`, a method's `@PreAuthorize`): the file's routes the change leaves alone are judged.
        var ownRoutes = false
        /// The change deletes the guard's whole file (`""`) or renames it to this path, where it no longer acts as one
        /// (`middleware.ts` → `middleware.old.ts`); nil when the file stays.
        var goneTo: String?
        /// With `disarmed`: the paths the guard helper now hands on before its check (`if (req.path.startsWith(
        /// "/api/ai")) return next();`), the only routes it leaves open; empty when it refuses nobody at all.
        var bypassed: [HookCoverage.PathTest] = []
        /// The server hook whose routes are judged when the change is to a file it reads rather than to the hook
        /// itself: NextAuth's configuration (`auth.ts`) whose `authorized` callback the middleware answers with.
        var runsFor: String?

        /// What the message says of it, after the route's own verdict.
        var consequence: String {
            switch goneTo {
            case .some(""): return "the route is unchanged, the guard it relied on was \(path), which the change deletes"
            case .some(let renamed):
                return "the route is unchanged, the guard it relied on was \(path), which the change renames to \(renamed)"
            case nil:
                return guardWeakened
                    ? "the route is unchanged, the guard it relied on changed in \(path):\(line)"
                    : "the route is unchanged, the paid call it now reaches is new in \(path):\(line)"
            }
        }
    }

    /// How many hops from a newly paid function to a handler are followed through unchanged files.
    static let hops = 2
    /// Names this short are too common to look for across a tree (`go`, `ai`).
    static let shortestName = 3

    private var newlyPaid: [NewlyPaid] = []
    /// Files whose guard lines outside any function the change takes out, one entry each.
    private var weakenedFiles: [NewlyPaid] = []
    /// Each of those files as it was before the change: a route open at head is reported only where the file as it
    /// was guarded it.
    private var weakenedBases: [String: [UInt8]] = [:]
    /// JavaScript files the change takes a bare import out of (`import "./auth";`, `require("./auth");`), as they were:
    /// a module imported for its side effect registers middleware on a shared app before the routes the entry imports
    /// after it (`sharedAppGuard`), so the code as it was needs the entry as it was too.
    private var sideEffectImportBases: [String: [UInt8]] = [:]
    /// Files holding an app-wide registration the change takes out, as changed: their own routes the change leaves
    /// alone are judged too.
    private var registrationFiles: [String: SourceFile] = [:]
    /// Files the change takes guard lines of their own routes out of, and where it touched them: their routes it
    /// leaves alone are judged, those it touches are the endpoint rule's.
    private var ownRoutesWeakened: [String: ChangedLines] = [:]
    /// Where the change touched each changed code file: the routes of those it does not touch lose an app-wide guard
    /// taken out as much as unchanged files' do, and are judged with them (a file's lines, not the file: keeping every
    /// changed file with its analyses until the end would hold a large change's memory). A list, made a table only
    /// when a registration is taken out: most changes take none.
    private var changedCode: [(path: String, lines: ChangedLines)] = []

    /// A changed file's added lines and where it deletes lines.
    struct ChangedLines: Sendable {
        var added: LineSet
        var deletionPoints: [Int]
    }
    /// Guard helpers the change leaves refusing nobody.
    private var disarmedGuards: Set<String> = []
    /// The files of those helpers as they were: a route is reported only where the helper as it was guarded it (its
    /// body, not its name, may have been what guarded it: Go's `auth.RequireUser`).
    private var disarmedBases: [String: [UInt8]] = [:]
    /// tRPC procedure builders the change leaves refusing nobody, each with the change to the file declaring it.
    private var openedBuilders: [String: NewlyPaid] = [:]
    /// Security configuration files the change edits, with the language of the routes each guards.
    private var configurationLanguages: [String: SourceLanguage] = [:]
    private var changedPaths: Set<String> = []
    /// File-routed endpoints the change moves to another route's path, with their content as it was.
    private var movedRoutes: [(from: String, to: String, base: [UInt8])] = []

    public init() {}

    public mutating func observe(_ file: SourceFile, context: DetectionContext) {
        changedPaths.insert(file.path)
        if context.code != nil, file.change.kind == .deleted || file.change.kind == .renamed { noteGoneHookFile(file, in: context.code?.project) }
        if context.code != nil, file.change.kind == .renamed, let old = file.change.oldPath, !file.bytes.isEmpty,
           FileRouting.isEndpoint(file.path), FileRouting.isEndpoint(old)
        {
            movedRoutes.append((old, file.path, file.baseBytes()))
        }
        if context.code != nil, let language = Self.guardedLanguage(ofConfiguration: file.path) {
            noteChangedGuardConfiguration(file, guarding: language)
            return
        }
        guard context.code != nil, let language = file.language else { return }
        if !file.bytes.isEmpty {
            changedCode.append((file.path, ChangedLines(added: file.addedLines, deletionPoints: file.deletionPoints)))
        }
        if file.change.kind == .modified, !file.bytes.isEmpty {
            if ServerHookScope.isHookFile(file.path, in: context.code?.project) { noteChangedHooks(file) }
            if language.isJavaScriptLike { noteOpenedProcedureBuilders(file, language: language) }
            if language.isJavaScriptLike, let code = context.code { noteDisarmedAuthorizedCallback(file, language: language, code: code) }
        }
        noteWeakenedGuards(file, language: language, context: context)
        guard !file.addedLines.isEmpty else { return }
        if file.change.kind == .modified { noteGuardsHandingOn(file, language: language, context: context) }
        if file.change.kind == .modified, language.isJavaScriptLike { noteBypassedGuards(file, language: language, context: context) }
        // Both are in the file's memo already: the detectors computed them.
        let analysis = FileAnalysis.of(file, context: context)
        let reached = ReachCalls.of(file, context: context)
        guard let lexed = analysis.lexed ?? reached.lexed else { return }
        // A paid call the change only edits (its model, its prompt, its layout) was there before: the routes calling
        // its function spent money already, and are judged when the change touches them.
        let before = { PreexistingPaidSites.of(file, context: context) }
        var paidTokens = analysis.sites.filter { file.adds($0.line) && !before().contains($0) }.map { ($0.token, $0.line) }
        paidTokens += reached.calls.filter { !before().contains($0) }.map { ($0.call.token, $0.call.line) }
        guard !paidTokens.isEmpty else { return }
        var noted = Set<String>()
        for (token, line) in paidTokens {
            // The innermost named function: a closure holding the call is reached through the function around it,
            // which returns it or hands it over (a Go handler factory, `func handleChat(c *Client) http.HandlerFunc {
            // return func(w, r) { … } }`, registered as `mux.HandleFunc("/chat", handleChat(c))`).
            guard let function = lexed.enclosingBlocks(of: token).first(where: {
                      lexed.blocks[$0].kind == .function && lexed.blocks[$0].nameRange != nil
                  }),
                  let name = lexed.name(ofBlock: function), name.utf8.count >= Self.shortestName,
                  noted.insert(name).inserted
            else { continue }
            newlyPaid.append(NewlyPaid(
                function: name, path: file.path, line: line, lineText: Self.lineText(around: token, in: lexed),
                owner: Self.owner(of: function, path: file.path, in: lexed)))
        }
    }

    /// Words of a line that guards a route: an answer refusing the caller, a sign-in check, a middleware's matcher.
    private static let guardWords = [
        "401", "403", "unauthori", "forbidden", "redirect", "signin", "sign_in", "login", "authenti", "requireauth",
        "require_auth", "session", "current_user", "permission", "matcher", "before_action", "middleware", "throttl",
        "ratelimit", "rate_limit", "limiter",
        // Phoenix: the pipelines a router scope pipes its routes through, a live session's or LiveView's hooks,
        // whatever their names (`pipe_through [:api, :authed]`).
        "pipe_through", "on_mount",
    ].map { Array($0.utf8) }

    /// Words of an annotation, attribute or decorator that guards the route or class it stands on (`[Authorize]`,
    /// `@PreAuthorize(…)`, `#[IsGranted(…)]`, `@Secured`, `@RolesAllowed`, NestJS's `@UseGuards(…)`). Read only where
    /// the routes of the file are judged against the file as it was: inside a function such a word is as likely a
    /// header's (`Authorization: Bearer …`).
    private static let annotationGuardWords = ["authoriz", "isgranted", "secured", "rolesallowed", "useguards"]
        .map { Array($0.utf8) }

    /// Words of a line that refuses the caller: a guard helper whose body loses all of them lets everybody through.
    private static let refusingWords = [
        "throw", "raise", "abort", "redirect", "reject", "deny", "denied", "unauthori", "forbidden", "401", "403", "429",
        "halt",
    ].map { Array($0.utf8) }

    /// Words of a line that registers something for a whole app or router: middleware, hooks, global guards, default
    /// permission classes, a security chain's rules, a middleware group's names.
    private static let registrationWords = [
        ".use(", "addhook(", "useglobalguards(", "app_guard", "before_request", "middleware", "dependencies",
        "permission_classes", "authentication_classes", "permissions.", "isauthenticated", "anyrequest", "authorizehttprequests",
        "authorizerequests", "authorizeexchange", ".authenticated(", "requireauthorization", "fallbackpolicy", "auth:",
        "'auth'", "\"auth\"",
    ].map { Array($0.utf8) }

    /// Words of an added line that open routes an app-wide guard covered: Spring Security's `.permitAll()`, ASP.NET's
    /// `.AllowAnonymous()` on a group, Laravel's `withoutMiddleware(…)` and a group's `'excluded_middleware' => […]`.
    private static let openingWords = ["permitall(", "allowanonymous(", "withoutmiddleware(", "excluded_middleware"]
        .map { Array($0.utf8) }

    /// Words of a registration that make it a guard's (`app.use(cors())` guards nobody).
    private static let registrationGuardWords = [
        "auth", "guard", "jwt", "login", "signin", "sign_in", "permission", "protect", "clerk", "sanctum", "passport",
        "apikey", "api_key", "token", "verify", "current_user", "user", "role", "throttl", "ratelimit", "rate_limit",
        "limiter", "401", "403",
    ].map { Array($0.utf8) }

    /// Guards the change takes lines out of: each function of the file whose deleted lines read like a guard, and the
    /// file itself when such lines were outside any function, or registered a guard for the whole app wherever they
    /// were. Routes the change leaves alone that rely on them are judged again in `finish`.
    private mutating func noteWeakenedGuards(_ file: SourceFile, language: SourceLanguage, context: DetectionContext) {
        // Each with whether it reads like a guard anywhere, not only as an annotation.
        var removed: [(line: Int, text: [UInt8], anywhere: Bool)] = []
        var refusing: [(line: Int, text: [UInt8])] = []
        var registration: (line: Int, text: [UInt8])?
        var opening: (line: Int, text: [UInt8])?
        // Only an edited file of a language with such a chain can open what it guarded (a new file guarded nothing
        // before): the added lines of a large change are not read for it.
        let readsOpenings = file.change.kind == .modified && [.java, .kotlin, .csharp, .php].contains(language)
            && Self.openingWords.contains { ByteSearch.containsFolded(file.bytes, $0) }
        // A Rails controller that adds `skip_before_action :authenticate_user!` (or Rails 8's
        // `allow_unauthenticated_access`) takes the guard it inherits off its own actions and its subclasses': judged
        // as a `before_action` taken out of it is. Read only where the file names a skip.
        let readsSkips = file.change.kind == .modified && language == .ruby
            && Self.rubySkipLeads.contains { ByteSearch.containsFolded(file.bytes, $0) }
        for hunk in file.change.hunks where hunk.oldCount > 0 || readsOpenings || readsSkips {
            var next = hunk.newCount == 0 ? hunk.newStart + 1 : hunk.newStart
            // The hunk's deleted code, read together: a registration may span lines (a Fastify hook's body).
            var registering: (line: Int, text: [UInt8])?
            var guarding = false
            hunk.lines.forEachText { kind, text in
                guard kind == .deleted else {
                    // An added line that lets everybody through a security chain (`.requestMatchers("/api/x/**")
                    // .permitAll()`) takes the app-wide guard off what it matches, as much as a deleted guard does.
                    if kind == .added, readsOpenings, opening == nil, Self.openingWords.contains(where: { ByteSearch.containsFolded(Array(text), $0) }),
                       !Self.isCommentOrImport(Array(text))
                    {
                        opening = (next, Array(text))
                    }
                    if kind == .added, readsSkips {
                        let line = Array(text.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
                        // A skip of a guard's callback: not CSRF's `:verify_authenticity_token`, which guards no caller.
                        if line.starts(with: Self.rubySkipLeads[1])
                            || (line.starts(with: Self.rubySkipLeads[0]) && !ByteSearch.containsFolded(line, Self.csrfCallback)
                                && Self.guardWords.contains(where: { ByteSearch.containsFolded(line, $0) }))
                        {
                            removed.append((next, line, true))
                        }
                    }
                    next += 1
                    return
                }
                let line = Array(text)
                if Self.guardWords.contains(where: { ByteSearch.containsFolded(line, $0) }) {
                    removed.append((next, line, true))
                } else if Self.annotationGuardWords.contains(where: { ByteSearch.containsFolded(line, $0) }) {
                    removed.append((next, line, false))
                }
                guard !Self.isCommentOrImport(line) else { return }
                if Self.refusingWords.contains(where: { ByteSearch.containsFolded(line, $0) }) { refusing.append((next, line)) }
                if registering == nil, Self.registrationWords.contains(where: { ByteSearch.containsFolded(line, $0) }) {
                    registering = (next, line)
                }
                guarding = guarding || Self.registrationGuardWords.contains { ByteSearch.containsFolded(line, $0) }
            }
            if registration == nil, guarding, let registering { registration = registering }
        }
        if registration == nil, let opening { registration = opening }
        if language.isJavaScriptLike, file.change.kind == .modified, sideEffectImportBases[file.path] == nil,
           deletesBareImport(file)
        {
            sideEffectImportBases[file.path] = file.baseBytes()
        }
        guard !removed.isEmpty || !refusing.isEmpty || registration != nil else { return }
        // A file deleted whole that registered a guard on the app (server/auth.ts's `app.use("/api", requireAuth)`,
        // imported for that side effect): every route of the app is judged, as for a registration taken out.
        if file.bytes.isEmpty {
            if file.change.kind == .deleted, let registration {
                weakenedFiles.append(NewlyPaid(
                    function: "", path: file.path, line: registration.line,
                    lineText: String(decoding: registration.text, as: UTF8.self), owner: "", guardWeakened: true, appWide: true,
                    goneTo: ""))
                weakenedBases[file.path] = file.baseBytes()
            }
            return
        }
        let lexed = FileAnalysis.of(file, context: context).lexed ?? ReachCalls.of(file, context: context).lexed
            ?? Lexer.lex(file.bytes, language: language)
        var noted = Set<String>()
        // The innermost block of `kind` whose lines the deleted ones lay inside (`line`, the head line after them, is
        // past its first line: lines deleted just above a function were not its own).
        func innermost(_ kind: BlockKind, holding line: Int) -> Int? {
            lexed.blocks.indices.filter { block in
                lexed.blocks[block].kind == kind && lexed.tokens[lexed.blocks[block].headerStart].line < line
                    && lexed.blocks[block].endLine >= line
            }.max { lexed.blocks[$0].headerStart < lexed.blocks[$1].headerStart }
        }
        // The function the deleted lines belong to: the innermost, or, when that one has no name, the innermost named
        // as a guard around it (Go's `func RequireUser(next http.Handler) http.Handler` returns the closure that
        // refuses, `http.HandlerFunc(func(w, r) { … })`).
        func function(holding line: Int) -> Int? {
            guard let inner = innermost(.function, holding: line) else { return nil }
            guard lexed.name(ofBlock: inner) == nil else { return inner }
            var block = lexed.blocks[inner].parent
            while block >= 0 {
                if lexed.blocks[block].kind == .function, let name = lexed.name(ofBlock: block) {
                    return HandlerFinder.isGuardWord(ArraySlice(name.utf8)) ? block : inner
                }
                block = lexed.blocks[block].parent
            }
            return inner
        }
        // A hook file's changes, whatever they read like, are noted already (`noteChangedHooks`).
        let middleware = ServerHookScope.isHookFile(file.path, in: context.code?.project)
        // A Flask request hook runs before every route of its blueprint (`@bp.before_request`), in whatever file they
        // are declared (`from . import bp` in routes.py), or of the app (`before_app_request`): lines taken out of one
        // weaken the routes of the files naming the blueprint, or of the whole app, as a registration for it does.
        if language.family == .python, ByteSearch.containsFolded(file.bytes, Self.beforeRequestWord) {
            let hooks = lexed.flaskRequestHooks()
            // Lines deleted from a hook's end stand at the head line after it: the hook ends on the line before.
            func hook(holding line: Int) -> Int? {
                for candidate in [line, line - 1] {
                    guard let function = innermost(.function, holding: candidate),
                          let found = hooks.first(where: { $0.function.lowerBound == lexed.blocks[function].openToken })
                    else { continue }
                    return found.hook
                }
                return nil
            }
            let lines = (refusing + removed.map { (line: $0.line, text: $0.text) }).sorted { $0.line < $1.line }
            for entry in lines {
                guard let hook = hook(holding: entry.line) else { continue }
                if lexed.token(hook, is: "before_app_request") || lexed.token(hook - 2, is: "app") {
                    if registration == nil { registration = entry }
                } else {
                    weakenedFiles.append(NewlyPaid(
                        function: "", path: file.path, line: entry.line, lineText: String(decoding: entry.text, as: UTF8.self),
                        owner: lexed.text(hook - 2), guardWeakened: true))
                    weakenedBases[file.path] = weakenedBases[file.path] ?? file.baseBytes()
                }
                break
            }
        }
        // A registration for the whole app, wherever it sat (a file's top level, `bootstrap()`, a Laravel
        // `withMiddleware` closure, a middleware group's array): every route of the app is judged.
        if let registration, !middleware {
            weakenedFiles.append(NewlyPaid(
                function: "", path: file.path, line: registration.line,
                lineText: String(decoding: registration.text, as: UTF8.self), owner: "", guardWeakened: true, appWide: true))
            weakenedBases[file.path] = file.baseBytes()
            registrationFiles[file.path] = file
            noted.insert("app")
        }
        // A guard helper (`requireUser`, named as one) whose refusing lines the change takes out and whose body keeps
        // none, nor any guard it delegates to (`return getServerSession()`, `await auth.protect()`): its callers are
        // judged as if they did not call it.
        var disarmed = Set<String>()
        // The helper each disarming line was taken out of. Lines deleted where the function's own header changed
        // too stand at that header (`def current_user(creds: … | None = …)`): the function starting there.
        var disarmedAt: [Int: Int] = [:]
        // Lines deleted from a function's end stand at the head line after it (a Python dependency's last `raise`).
        func function(refusingAt line: Int) -> Int? {
            function(holding: line) ?? lexed.blocks.indices.first { block in
                lexed.blocks[block].kind == .function && lexed.tokens[lexed.blocks[block].openToken].line == line
            } ?? function(holding: line - 1)
        }
        for (line, text) in refusing {
            guard let function = function(refusingAt: line), let name = lexed.name(ofBlock: function),
                  !disarmed.contains(name), HandlerFinder.isGuardWord(ArraySlice(name.utf8)),
                  !Self.refusesAnybody(function, in: lexed) || Self.handsOnFirst(function, in: lexed, file: file) != nil
            else { continue }
            disarmed.insert(name)
            disarmedAt[line] = function
            removed.append((line, text, true))
        }
        disarmedGuards.formUnion(disarmed)
        if !disarmed.isEmpty, disarmedBases[file.path] == nil { disarmedBases[file.path] = file.baseBytes() }
        // The file's own routes, judged whole against the file as it was: a guard annotation taken off a controller or a
        // handler the change leaves alone opens it (the endpoint rule judges only the handlers the change touches).
        // Only lines outside any function body (annotations, decorators, a class's `before_action`): lines taken out of
        // a handler's body are the endpoint rule's, and most changes take guard words out of function bodies only. A
        // new file guarded nothing before; a registration for the whole app has its file judged already.
        if file.change.kind == .modified, registration == nil, !middleware,
           let first = removed.filter({
               !Self.isCommentOrImport($0.text) && innermost(.function, holding: $0.line) == nil && disarmedAt[$0.line] == nil
           })
            .min(by: { $0.line < $1.line })
        {
            weakenedFiles.append(NewlyPaid(
                function: "", path: file.path, line: first.line, lineText: String(decoding: first.text, as: UTF8.self),
                owner: "", guardWeakened: true, ownRoutes: true))
            weakenedBases[file.path] = file.baseBytes()
            ownRoutesWeakened[file.path] = ChangedLines(added: file.addedLines, deletionPoints: file.deletionPoints)
        }
        for (line, text, anywhere) in removed.sorted(by: { $0.line < $1.line }) {
            let lineText = String(decoding: text, as: UTF8.self)
            if let function = disarmedAt[line] ?? function(holding: line) {
                guard anywhere, let name = lexed.name(ofBlock: function), name.utf8.count >= Self.shortestName,
                      noted.insert(name).inserted
                else { continue }
                newlyPaid.append(NewlyPaid(
                    function: name, path: file.path, line: line, lineText: lineText,
                    owner: Self.owner(of: function, path: file.path, in: lexed), guardWeakened: true,
                    disarmed: disarmed.contains(name)))
                continue
            }
            // Outside any function, only a class's own lines (`before_action`) guard its routes: an import or a
            // constant taken out of another file's top level guards nobody.
            guard !middleware, let owner = innermost(.container, holding: line).flatMap({ Self.containerName($0, in: lexed) }),
                  !noted.contains("app"), noted.insert("class " + owner).inserted
            else { continue }
            weakenedFiles.append(NewlyPaid(
                function: "", path: file.path, line: line, lineText: lineText, owner: owner, guardWeakened: true))
            weakenedBases[file.path] = weakenedBases[file.path] ?? file.baseBytes()
        }
    }

    /// Guard helpers the change makes hand some paths on before their check, nothing deleted: `if (req.path
    /// .startsWith("/api/ai")) return next();` added at the top of an Express `requireAuth` that `app.use` registers.
    /// Each is judged as disarmed (`disarmedGuards`), and only the routes under the paths it now hands on are reported.
    /// Read only when an added line tests a path (`startsWith(`, `path ===`): most changes add none.
    private mutating func noteBypassedGuards(_ file: SourceFile, language: SourceLanguage, context: DetectionContext) {
        var testsPath = false
        for hunk in file.change.hunks where !testsPath {
            hunk.lines.forEachText { kind, text in
                guard kind == .added, !testsPath else { return }
                let line = Array(text)
                testsPath = Self.pathTestWords.contains { ByteSearch.containsFolded(line, $0) }
            }
        }
        guard testsPath else { return }
        let lexed = FileAnalysis.of(file, context: context).lexed ?? ReachCalls.of(file, context: context).lexed
            ?? Lexer.lex(file.bytes, language: language)
        var lines: [ArraySlice<UInt8>]?
        for function in lexed.blocks.indices where lexed.blocks[function].kind == .function {
            guard let name = lexed.name(ofBlock: function), name.utf8.count >= Self.shortestName,
                  HandlerFinder.isGuardWord(ArraySlice(name.utf8)), !disarmedGuards.contains(name)
            else { continue }
            let bypassed = HookCoverage.passedThrough(lexed, inFunction: function).filter { file.adds($0.line) }
            guard let first = bypassed.first else { continue }
            if lines == nil { lines = file.bytes.split(separator: 0x0A, omittingEmptySubsequences: false) }
            let lineText = lines.flatMap { first.line <= $0.count ? String(decoding: $0[first.line - 1], as: UTF8.self) : nil } ?? ""
            disarmedGuards.insert(name)
            if disarmedBases[file.path] == nil { disarmedBases[file.path] = file.baseBytes() }
            newlyPaid.append(NewlyPaid(
                function: name, path: file.path, line: first.line, lineText: lineText,
                owner: Self.owner(of: function, path: file.path, in: lexed), guardWeakened: true, disarmed: true,
                bypassed: bypassed))
        }
    }

    private static let rubySkipLeads = ["skip_before_action", "allow_unauthenticated_access"].map { Array($0.utf8) }
    private static let csrfCallback = Array("authenticity_token".utf8)

    private static let pathTestWords = ["startswith(", "path ==", "pathname ==", "url =="].map { Array($0.utf8) }

    /// Whether a route found open behind `origin` is one it lets through: any, unless it is a guard helper that hands
    /// on only some paths (`bypassed`), when only a route under one of those.
    private static func isLetThrough(_ finding: Finding, by origin: NewlyPaid) -> Bool {
        guard !origin.bypassed.isEmpty else { return true }
        let route = routeName(of: finding)
        let path = route.split(separator: " ").last.map(String.init) ?? route
        return origin.bypassed.contains { $0.matches(path) }
    }

    /// A server hook file the change deletes or renames away (Next.js's `middleware.ts` → `middleware.old.ts`,
    /// SvelteKit's `hooks.server.ts`, Nuxt's `server/middleware/*`, a Pages Functions `_middleware.ts`, a Fastify
    /// `autohooks.ts`): such a file acts by its name alone, and taking it away opens the routes it ran for as much as
    /// taking its check out does. They are judged against the tree as it was (the file back at its old path), so a hook
    /// moved where it still acts (`middleware.ts` → `src/middleware.ts`) or replaced by another opens nothing. (A
    /// deleted file registering a guard by code, `app.use(requireAuth)`, goes with an edit of the file mounting the
    /// routes, or a new one, which the endpoint rule and `noteWeakenedGuards` judge.)
    private mutating func noteGoneHookFile(_ file: SourceFile, in project: Project?) {
        let gone = file.change.kind == .deleted ? file.path : file.change.oldPath ?? file.path
        guard gone != file.path || file.change.kind == .deleted, ServerHookScope.isHookFile(gone, in: project), weakenedBases[gone] == nil
        else { return }
        let goneTo = file.change.kind == .deleted ? "" : file.path
        weakenedFiles.append(NewlyPaid(
            function: "", path: gone, line: 1, lineText: goneTo.isEmpty ? "deleted" : "renamed to " + goneTo, owner: "",
            guardWeakened: true, goneTo: goneTo))
        weakenedBases[gone] = file.baseBytes()
    }

    /// The language of the routes a security configuration file guards by path: Symfony's `security.yaml`
    /// (`access_control`), Quarkus's `application.properties` (HTTP permissions).
    private static func guardedLanguage(ofConfiguration path: String) -> SourceLanguage? {
        // Every changed path is asked: its ending first, before its name is cut out.
        guard path.hasSuffix("security.yaml") || path.hasSuffix("security.yml") || path.hasSuffix("application.properties")
        else { return nil }
        let name = path.split(separator: "/").last ?? ""
        if (name == "security.yaml" || name == "security.yml"), path.contains("config/") { return .php }
        if name == "application.properties", path.contains("src/main/resources/") { return .java }
        return nil
    }

    /// A security configuration the change edits: every route of the app in the language it guards is judged
    /// against the configuration as it was, as for a registration for the whole app taken out (a rule opening a path,
    /// `{ path: ^/api/notes/summarize, roles: PUBLIC_ACCESS }` ahead of `^/api`, or one taken out).
    private mutating func noteChangedGuardConfiguration(_ file: SourceFile, guarding language: SourceLanguage) {
        guard file.change.kind == .modified, !file.bytes.isEmpty, let first = Self.firstChangedLine(of: file) else { return }
        weakenedFiles.append(NewlyPaid(
            function: "", path: file.path, line: first.line, lineText: String(decoding: first.text, as: UTF8.self), owner: "",
            guardWeakened: true, appWide: true))
        weakenedBases[file.path] = file.baseBytes()
        configurationLanguages[file.path] = language
    }

    /// A server hook file the change edits (`src/hooks.server.ts`, `middleware.ts`, Nuxt's `server/middleware/*`):
    /// every route it runs for is judged against the hook as it was, whatever the change reads like (a prefix
    /// narrowed from `/api` to `/app` deletes no guard word).
    private mutating func noteChangedHooks(_ file: SourceFile) {
        guard let first = Self.firstChangedLine(of: file) else { return }
        weakenedFiles.append(NewlyPaid(
            function: "", path: file.path, line: first.line, lineText: String(decoding: first.text, as: UTF8.self), owner: "",
            guardWeakened: true))
        weakenedBases[file.path] = file.baseBytes()
    }

    /// tRPC procedure builders the change leaves refusing nobody (`TRPCProcedureBuilders`): the procedures built on
    /// them in files it does not touch are judged in `finish`.
    private mutating func noteOpenedProcedureBuilders(_ file: SourceFile, language: SourceLanguage) {
        guard ByteSearch.containsFolded(file.bytes, Self.procedureWord) else { return }
        let opened = TRPCProcedureBuilders.opened(base: file.baseBytes(), head: file.bytes, language: language)
        guard !opened.isEmpty, let first = Self.firstChangedLine(of: file) else { return }
        let origin = NewlyPaid(
            function: "", path: file.path, line: first.line, lineText: String(decoding: first.text, as: UTF8.self), owner: "",
            guardWeakened: true)
        for name in opened { openedBuilders[name] = origin }
    }

    private static let procedureWord = Array("procedure".utf8)

    /// NextAuth's configuration (`auth.ts`, `auth.config.ts`) whose `callbacks.authorized` the change leaves refusing
    /// nobody (`authorized: async () => true`, or taken out): a middleware that is NextAuth's `auth` itself refuses
    /// what that callback refuses, so the routes it runs for are judged against the configuration as it was. Read only
    /// where the file as it was names `authorized`.
    private mutating func noteDisarmedAuthorizedCallback(_ file: SourceFile, language: SourceLanguage, code: CodeIndex) {
        // The base holds the word only where the head does or a deleted line did: asked before the base is rebuilt.
        guard ByteSearch.containsFolded(file.bytes, Self.authorizedWord) || Self.deletesText(Self.authorizedWord, in: file)
        else { return }
        let base = file.baseBytes()
        guard ByteSearch.containsFolded(base, Self.authorizedWord),
              CodeIndex.declaresRefusingAuthorizedCallback(Lexer.lex(base, language: language)),
              !CodeIndex.declaresRefusingAuthorizedCallback(Lexer.lex(file.bytes, language: language)),
              let first = Self.firstChangedLine(of: file)
        else { return }
        for middleware in code.nextAuthMiddlewares(configuredIn: file.path)
        where ServerHookScope.isHookFile(middleware, in: code.project) {
            weakenedFiles.append(NewlyPaid(
                function: "", path: file.path, line: first.line, lineText: String(decoding: first.text, as: UTF8.self), owner: "",
                guardWeakened: true, runsFor: middleware))
            weakenedBases[file.path] = weakenedBases[file.path] ?? base
        }
    }

    private static let authorizedWord = Array("authorized".utf8)

    /// Whether a line the change deletes from `file` holds `word` (lower case, ASCII case folded).
    private static func deletesText(_ word: [UInt8], in file: SourceFile) -> Bool {
        var found = false
        for hunk in file.change.hunks where hunk.oldCount > 0 && !found {
            hunk.lines.forEachText { kind, text in
                if !found, kind == .deleted, ByteSearch.containsFolded(Array(text), word) { found = true }
            }
        }
        return found
    }

    /// The first line the change adds or deletes that is no comment or import, with its text (a deleted line's
    /// number is the head line after it).
    private static func firstChangedLine(of file: SourceFile) -> (line: Int, text: [UInt8])? {
        var first: (line: Int, text: [UInt8])?
        for hunk in file.change.hunks where first == nil {
            var next = hunk.newCount == 0 ? hunk.newStart + 1 : hunk.newStart
            hunk.lines.forEachText { kind, text in
                if first == nil, kind != .context, !Self.isCommentOrImport(Array(text)) { first = (next, Array(text)) }
                if kind != .deleted { next += 1 }
            }
        }
        return first
    }

    /// Whether function block `function`'s body may still refuse a caller: a refusing word (`throw`, `abort`, a
    /// 401), or a guard it calls or reads (`getServerSession`, `auth.protect()`, `current_user`).
    ///
    /// A session it reads and never checks refuses nobody (`const session = await auth(); return session?.user`): the
    /// body is judged around such reads, as a handler's is. Its words are read from its tokens, not its bytes, so that
    /// a refusal commented out refuses nobody either.
    private static func refusesAnybody(_ function: Int, in lexed: LexedSource) -> Bool {
        let block = lexed.blocks[function]
        guard block.openToken + 1 < block.endToken else { return false }
        let body = (block.openToken + 1)...(block.endToken - 1)
        let finder = HandlerFinder(lexed: lexed, path: "")
        let checked = UnprotectedEndpointDetector.parts(of: body, without: finder.uncheckedSessionReads(in: body))
        // A Python function's guard words refuse only where called or taken as a dependency: `x_api_key: str =
        // Header("")` compared and logged (`log.warning("bad api key")`) refuses nobody, nor its own name (its
        // block runs from it: `verify_api_key(x_api_key: …):`).
        let python = lexed.language.family == .python
        func guards(_ part: ClosedRange<Int>) -> Bool {
            guard python else { return finder.containsGuardToken(part) }
            return part.contains { index in
                lexed.token(index, is: "Depends") || lexed.token(index, is: "Security")
                    || (lexed.tokens[index].kind == .identifier && !lexed.token(index - 1, is: "def") && finder.containsGuardToken(index...index)
                        && (lexed.token(index + 1, isPunctuation: Byte.openParen)
                            || (lexed.token(index + 1, isPunctuation: Byte.dot) && lexed.token(index + 3, isPunctuation: Byte.openParen))))
            }
        }
        return checked.contains { part in
            guards(part) || part.contains { index in
                let token = lexed.tokens[index]
                guard token.kind != .punctuation else { return false }
                let word = Array(lexed.bytes[token.start..<token.end])
                return refusingWords.contains { ByteSearch.containsFolded(word, $0) }
            }
        }
    }

    /// The line of a `return` the change adds to guard helper `function` that hands the caller on before any refusal
    /// left in it: unconditionally ahead of the refusal (`return next()` above `res.status(401)`), or when the
    /// credential is missing or a switch turns the check off (`if (!token) return next();`, Go's `if token == "" {
    /// next.ServeHTTP(w, r); return }`, FastAPI's `if creds is None: return "anonymous"`, `if (process.env.SKIP_AUTH)
    /// return next()`). Nil when the change adds no such line: a refusal kept in the returned statement (`return
    /// res.status(401)…`, `return unauthorized()`), a caller already let in (`if (req.user) return next()`), a
    /// preflight or a path let through (`if (req.method === "OPTIONS")`, read by `noteBypassedGuards`).
    ///
    /// `entry`: the function is a guard class's entry method, answering whether to let the caller in: NestJS's
    /// `canActivate` hands on only by `return true` and refuses by `return false`, `super.canActivate(…)` (passport's
    /// `AuthGuard`) or a check it calls (`this.auth.verify(…)`); a Laravel middleware's `handle` hands on only by
    /// returning `$next($request)`.
    private static func handsOnFirst(_ function: Int, in lexed: LexedSource, file: SourceFile, entry: Bool = false) -> Int? {
        let block = lexed.blocks[function]
        guard block.openToken + 1 < block.endToken else { return nil }
        let body = (block.openToken + 1)...(block.endToken - 1)
        func refuses(_ index: Int) -> Bool {
            let token = lexed.tokens[index]
            guard token.kind == .identifier || token.kind == .number else { return false }
            let word = lexed.bytes[token.start..<token.end]
            if refusingWords.contains(where: { HandlerFinder.containsFolded(word, $0) }) { return true }
            guard entry, token.kind == .identifier else { return false }
            // (A check of the guard's own, not one the change adds on the line it hands on from.)
            return lexed.token(index, is: "false") || lexed.token(index, is: "super")
                || (!file.adds(token.line) && HandlerFinder.isGuardWord(word))
        }
        // Handing on: a `return`, or a call of the next handler (`next()`, Go's `next.ServeHTTP(w, r)`, gin's
        // `c.Next()`, Laravel's `$next($request)`).
        func handsOn(_ index: Int) -> Bool {
            if entry, lexed.token(index, is: "return") {
                if lexed.language.isJavaScriptLike { return lexed.token(index + 1, is: "true") }
                return lexed.token(index + 1, is: "$next")
            }
            if lexed.token(index, is: "return") { return true }
            guard lexed.token(index, is: "next") || lexed.token(index, is: "$next") || lexed.token(index, is: "Next")
            else { return false }
            return lexed.token(index + 1, isPunctuation: Byte.openParen)
                || (lexed.token(index + 1, isPunctuation: Byte.dot) && lexed.token(index + 2, is: "ServeHTTP"))
        }
        let firstRefusal = body.first(where: refuses)
        for index in body where handsOn(index) {
            if let firstRefusal, index > firstRefusal { break }
            let line = lexed.tokens[index].line
            guard file.adds(line) else { continue }
            // The returned statement: the rest of its line.
            var end = index
            while end + 1 <= body.upperBound, lexed.tokens[end + 1].line == line { end += 1 }
            // Ruby's modifier after it (`return true if ENV["SKIP_LOGIN"]`, `return unless current_user`).
            if lexed.language == .ruby,
               let modifier = (index...end).first(where: { lexed.token($0, is: "if") || lexed.token($0, is: "unless") })
            {
                guard !(index..<modifier).contains(where: refuses) else { continue }
                let condition = (modifier + 1)..<(end + 1)
                if lexed.token(modifier, is: "if") {
                    if handsAnonymousOn(condition, in: lexed) { return line }
                } else if !lettingAnonymousThrough(condition, in: lexed), !namesRequest(condition, in: lexed) {
                    // `unless current_user` hands on a caller without one, as `unless ENV["REQUIRE_LOGIN"]` may;
                    // `unless request.get?` tests the request, `unless current_user.nil?` lets a caller in.
                    return line
                }
                continue
            }
            guard !(index...end).contains(where: refuses) else { continue }
            // Its condition: an `if` earlier on the line, else the `if` block holding it; none when it sits in the
            // function's (or its closure's) own body.
            var condition: Range<Int>?
            var start = index - 1
            while start > body.lowerBound, lexed.tokens[start].line == line, !lexed.token(start, is: "if") { start -= 1 }
            if lexed.token(start, is: "if"), lexed.tokens[start].line == line {
                condition = (start + 1)..<index
            } else {
                let holder = lexed.tokens[index].block
                if holder >= 0, holder != function, lexed.blocks[holder].kind != .function {
                    let header = lexed.blocks[holder].headerStart
                    let open = lexed.blocks[holder].openToken
                    guard lexed.token(header, is: "if") else { continue }
                    if lexed.blocks[holder].opener == .indentation {
                        // Python's `if creds is None:` opens at its keyword: the condition is the rest of its line.
                        var end = open + 1
                        while end < index, lexed.tokens[end].line == lexed.tokens[open].line { end += 1 }
                        condition = (open + 1)..<end
                    } else {
                        guard header < open else { continue }
                        condition = (header + 1)..<open
                    }
                } else if holder != function {
                    // A closure's own body counts only for the handler a guard returns (Go's `func(w, r)`, a Python
                    // decorator's `def wrapper`, `return function (req, res, next)`), not a callback it hands to a
                    // call (`users.find(u => { return … })`).
                    guard holder >= 0, lexed.blocks[holder].headerStart <= lexed.blocks[holder].openToken,
                          (lexed.blocks[holder].headerStart...lexed.blocks[holder].openToken).contains(where: { header in
                              lexed.token(header, is: "func") || lexed.token(header, is: "def") || lexed.token(header, is: "function")
                          })
                    else { continue }
                }
            }
            guard let condition else {
                // Unconditional: only ahead of a refusal it now skips (a helper that never refused is judged by
                // `refusesAnybody`).
                if firstRefusal != nil { return line }
                continue
            }
            if handsAnonymousOn(condition, in: lexed) { return line }
        }
        return nil
    }

    /// Whether an `if`'s condition may hold for a caller with no credential: one testing for a missing credential or
    /// a switch (`lettingAnonymousThrough`), or one naming neither the caller nor the request (`isInternal(req)`,
    /// `req.ip === trusted`), which gate cannot tell from a way in for anybody. A signed-in caller (`req.user`,
    /// `current_user`, a session, a token compared) or a preflight or path (`req.method === "OPTIONS"`) is neither.
    private static func handsAnonymousOn(_ condition: Range<Int>, in lexed: LexedSource) -> Bool {
        lettingAnonymousThrough(condition, in: lexed) || (!namesCaller(condition, in: lexed) && !namesRequest(condition, in: lexed))
    }

    /// Whether a condition names the caller or their credential (`req.user`, `current_user`, `session`, `isAdmin`).
    private static func namesCaller(_ condition: Range<Int>, in lexed: LexedSource) -> Bool {
        condition.contains { index in
            let token = lexed.tokens[index]
            guard token.kind == .identifier else { return false }
            let word = lexed.bytes[token.start..<token.end]
            return callerWords.contains { HandlerFinder.containsFolded(word, $0) } || HandlerFinder.isGuardWord(word)
        }
    }

    /// Whether a condition names the request rather than its caller: its method or path (a preflight, a health check).
    private static func namesRequest(_ condition: Range<Int>, in lexed: LexedSource) -> Bool {
        condition.contains { index in
            let token = lexed.tokens[index]
            guard token.kind == .identifier || token.kind == .string else { return false }
            let word = lexed.bytes[token.start..<token.end]
            return notCredentialTests.contains { HandlerFinder.containsFolded(word, $0) }
                || routeOptOutWords.contains { HandlerFinder.containsFolded(word, $0) }
        }
    }

    /// Words of a route's own opt-out read by the guard (NestJS's `if (isPublic) return true;` after
    /// `this.reflector.getAllAndOverride(IS_PUBLIC_KEY, …)`): only routes so marked are let through, and the endpoint
    /// rule reads those marks.
    private static let routeOptOutWords = ["public", "reflector", "metadata", "allowanonymous"].map { Array($0.utf8) }

    /// Words of a caller or their credential, beside the guard words.
    private static let callerWords = [
        "user", "admin", "role", "account", "session", "member", "staff", "owner", "principal", "identity", "claims",
        "signed", "logged", "authenticated", "token", "secret", "apikey", "api_key",
    ].map { Array($0.utf8) }

    /// Whether an `if`'s condition holds when the caller brought no credential, or names a switch that turns the check
    /// off: a negation (`!token`, `not creds`), a test for nothing (`is None`, `== nil`, `=== undefined`, `== ""`,
    /// `empty(…)`, `.blank?`), or a debugging or bypass switch (`SKIP_AUTH`, `DEBUG`). Not a request's method or path.
    private static func lettingAnonymousThrough(_ condition: Range<Int>, in lexed: LexedSource) -> Bool {
        var absent = false
        for index in condition {
            let token = lexed.tokens[index]
            switch token.kind {
            case .string:
                if token.start == token.end { absent = true }
                let word = lexed.bytes[token.start..<token.end]
                if notCredentialTests.contains(where: { HandlerFinder.containsFolded(word, $0) }) { return false }
                // A setting read by its name (`config.get("AUTH_DISABLED")`, `os.getenv("SKIP_AUTH")`).
                if switchWords.contains(where: { HandlerFinder.containsFolded(word, $0) }) { absent = true }
            case .identifier:
                let word = lexed.bytes[token.start..<token.end]
                if notCredentialTests.contains(where: { HandlerFinder.containsFolded(word, $0) }) { return false }
                if nothingWords.contains(where: { word.count == $0.count && HandlerFinder.containsFolded(word, $0) })
                    || switchWords.contains(where: { HandlerFinder.containsFolded(word, $0) })
                {
                    absent = true
                }
            case .punctuation:
                if lexed.bytes[token.start] == UInt8(ascii: "!"), index + 1 < condition.upperBound,
                   lexed.tokens[index + 1].kind != .punctuation || lexed.token(index + 1, isPunctuation: Byte.openParen)
                {
                    absent = true
                }
            case .number:
                continue
            }
        }
        return absent
    }

    private static let nothingWords = ["not", "none", "nil", "null", "undefined", "empty", "blank", "isempty"]
        .map { Array($0.utf8) }
    private static let switchWords = ["skip", "bypass", "disable", "debug", "insecure", "dev_mode", "devmode"]
        .map { Array($0.utf8) }
    /// Words of a condition about the request rather than its caller's credential: a preflight, a path.
    private static let notCredentialTests = [
        "method", "options", "path", "url", "route", "startswith", "health",
    ].map { Array($0.utf8) }

    /// Guard helpers (named as one) of a file the change edits that it makes hand the caller on before their refusal,
    /// nothing deleted (`handsOnFirst`): `if (!token) return next();` added above `jwt.verify` and the 401. Each is
    /// judged as disarmed, as one whose refusal is taken out. Read only when an added line holds a `return`, from the
    /// file's lexed tokens the detectors keep.
    private mutating func noteGuardsHandingOn(_ file: SourceFile, language: SourceLanguage, context: DetectionContext) {
        var returns = false
        for hunk in file.change.hunks where !returns {
            hunk.lines.forEachText { kind, text in
                guard kind == .added, !returns else { return }
                returns = ByteSearch.containsFolded(Array(text), Self.returnWord)
            }
        }
        guard returns else { return }
        let analysed = FileAnalysis.of(file, context: context).lexed ?? ReachCalls.of(file, context: context).lexed
        // A function named as a guard names a guard word, and a guard class's entry method its framework's name
        // (`canActivate`, a Laravel middleware's `Closure $next`): a file without one anywhere is not lexed for it
        // (most edited files that add a `return` are no guard's).
        let entries = Self.guardClassEntry(language)
        guard analysed != nil || HandlerFinder.guardPrefilter.matches(file.bytes)
            || HandlerFinder.shortGuardWords.contains(where: { ByteSearch.containsFolded(file.bytes, $0) })
            || entries.map({ ByteSearch.containsFolded(file.bytes, $0.marker) }) == true
        else { return }
        let lexed = analysed ?? Lexer.lex(file.bytes, language: language)
        for function in lexed.blocks.indices where lexed.blocks[function].kind == .function {
            let block = lexed.blocks[function]
            guard let range = block.nameRange, range.count >= Self.shortestName,
                  (block.startLine...block.endLine).contains(where: file.adds)
            else { continue }
            // Named as a guard, asked of the name's bytes: most functions are not, and make no string. A guard class's
            // entry method (NestJS's `canActivate`, a Laravel middleware's `handle`) stands for its class, which is
            // what routes name (`@UseGuards(JwtAuthGuard)`, `EnsureApiKey::class`).
            var name: String
            var entry = false
            if HandlerFinder.isGuardWord(lexed.bytes[range]) {
                name = lexed.text(range)
            } else if let entries, lexed.bytes[range].elementsEqual(entries.method),
                      let owner = Self.enclosingClassName(of: function, in: lexed), owner.utf8.count >= Self.shortestName
            {
                name = owner
                entry = true
            } else {
                continue
            }
            guard !disarmedGuards.contains(name), let line = Self.handsOnFirst(function, in: lexed, file: file, entry: entry)
            else { continue }
            let text = Self.lineText(line, of: file.bytes)
            disarmedGuards.insert(name)
            if disarmedBases[file.path] == nil { disarmedBases[file.path] = file.baseBytes() }
            newlyPaid.append(NewlyPaid(
                function: name, path: file.path, line: line, lineText: text,
                owner: Self.owner(of: function, path: file.path, in: lexed), guardWeakened: true, disarmed: true))
        }
    }

    private static let returnWord = Array("return".utf8)

    /// The entry method a guard class of `language`'s frameworks is called by, and a marker its file holds: NestJS's
    /// `canActivate` of a class implementing `CanActivate`, a Laravel middleware's `handle(Request $request, Closure
    /// $next)`. Nil for other languages.
    private static func guardClassEntry(_ language: SourceLanguage) -> (method: [UInt8], marker: [UInt8])? {
        if language.isJavaScriptLike { return (Array("canActivate".utf8), Array("canactivate".utf8)) }
        if language == .php { return (Array("handle".utf8), Array("closure $next".utf8)) }
        return nil
    }

    /// The name of the class declaring function block `function`, if any.
    private static func enclosingClassName(of function: Int, in lexed: LexedSource) -> String? {
        for block in lexed.enclosingBlocks(of: lexed.blocks[function].openToken) where lexed.blocks[block].kind == .container {
            if let name = containerName(block, in: lexed) { return name }
        }
        return nil
    }

    /// Line `line` of `bytes`, without its end.
    private static func lineText(_ line: Int, of bytes: [UInt8]) -> String {
        var current = 1
        var start = 0
        for (offset, byte) in bytes.enumerated() where byte == Byte.newline {
            if current == line { return String(decoding: bytes[start..<offset], as: UTF8.self) }
            current += 1
            start = offset + 1
        }
        return current == line ? String(decoding: bytes[start...], as: UTF8.self) : ""
    }

    /// Whether a deleted line is a comment or an import: taking either out registers nothing.
    private static func isCommentOrImport(_ line: [UInt8]) -> Bool {
        guard let first = line.firstIndex(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else { return true }
        let text = line[first...]
        // PHP's and Rust's attributes (`#[IsGranted('ROLE_USER')]`) are code.
        if text.starts(with: "#[".utf8) { return false }
        for prefix in ["//", "#", "/*", "*", "--", "import ", "from ", "use ", "using ", "require ", "require_relative"]
        where text.starts(with: prefix.utf8) {
            return true
        }
        return ByteSearch.containsFolded(line, Self.requireCall)
    }

    private static let requireCall = Array("require(".utf8)

    /// Whether the change deletes a bare import statement from the file (`import "./auth";`, `require("./auth");`).
    private func deletesBareImport(_ file: SourceFile) -> Bool {
        var found = false
        for hunk in file.change.hunks where hunk.oldCount > 0 && !found {
            hunk.lines.forEachText { kind, text in
                guard kind == .deleted, !found else { return }
                let line = Array(text.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
                found = Self.bareImportLeads.contains { lead in line.starts(with: lead) }
            }
        }
        return found
    }

    private static let bareImportLeads = ["import \"", "import '", "require(\"", "require('"].map { Array($0.utf8) }
    private static let beforeRequestWord = Array("before_".utf8)

    /// Routes the change leaves alone that rely on a file whose guard lines outside any function it takes out: for a
    /// server hook file (Next.js's middleware, SvelteKit's hooks, Nuxt's server middleware) every route it runs for; for a registration for the whole app, every file of the app (the
    /// directory of its manifest) in the file's languages, the file itself included; else the files naming the file's
    /// class or stem (`class ChatsController < ApplicationController`). Every handler of each is judged at head, and
    /// one found open is reported only where it was not open with the file as it was: a guard moved elsewhere or
    /// replaced by an equivalent, a comment taken out or a route open all along is not the change's doing.
    private func routesOfWeakenedFiles(
        unchanged: [String], code: CodeIndex, context: DetectionContext, ordinals: inout [String: Int]
    ) -> [Finding] {
        guard !weakenedFiles.isEmpty else { return [] }
        let detector = UnprotectedEndpointDetector()
        let changedCodeLines = weakenedFiles.contains(where: \.appWide)
            ? Dictionary(changedCode, uniquingKeysWith: { first, _ in first }) : [:]
        // The code as it was in the weakened files, made when a route is first found open.
        var before: DetectionContext?
        var judged = Set<String>()
        var findings: [Finding] = []
        for origin in weakenedFiles {
            let hookRoutes = ServerHookScope.routeFilter(runBy: origin.runsFor ?? origin.path, in: code.project)
            let owners = WordSet([origin.owner])
            var paths = unchanged
            if origin.ownRoutes {
                paths = [origin.path]
            } else if origin.appWide, let language = SourceLanguage(path: origin.path) ?? configurationLanguages[origin.path] {
                let root = Self.appRoot(of: origin.path, in: code.project)
                let family = Self.callableFrom(language)
                // The app's other changed files too: their routes the change leaves alone lose the guard as well.
                let changedElsewhere = changedCodeLines.keys.filter { $0 != origin.path }.sorted()
                paths = [origin.path] + (unchanged + changedElsewhere).filter { path in
                    (root.isEmpty || path.hasPrefix(root + "/"))
                        && SourceLanguage(path: path).map { Self.callableFrom($0) == family } == true
                }
            }
            for path in paths where !judged.contains(path) && hookRoutes?(path) != false {
                guard let bytes = code.project.contents(of: path),
                      hookRoutes != nil || origin.appWide || origin.ownRoutes || Self.mentions(bytes, anyOf: owners)
                else { continue }
                judged.insert(path)
                let open = detector.detect(in: Self.wholeFile(path, bytes), context: context)
                guard !open.isEmpty else { continue }
                if before == nil {
                    before = Self.reindexed(
                        context, code: code,
                        overlay: weakenedBases.merging(sideEffectImportBases, uniquingKeysWith: { first, _ in first }))
                }
                var notNew = Set(detector.detect(in: Self.wholeFile(path, weakenedBases[path] ?? bytes), context: before!)
                    .map(Self.routeName))
                // Routes of a changed file the change touches are judged by the endpoint rule already.
                if let changed = registrationFiles[path] {
                    notNew.formUnion(detector.detect(in: changed, context: context).map(Self.routeName))
                } else if let lines = changedCodeLines[path] ?? ownRoutesWeakened[path] {
                    let changed = SourceFile(changedPath: path, bytes: bytes, lines: lines)
                    notNew.formUnion(detector.detect(in: changed, context: context).map(Self.routeName))
                }
                for var finding in open where !notNew.contains(Self.routeName(of: finding)) {
                    finding.message += "; \(origin.consequence)"
                    identify(&finding, origin: origin, ordinals: &ordinals)
                    findings.append(finding)
                }
            }
        }
        return findings
    }

    /// Routes behind a guard helper the change empties that a file registers for a whole app or router
    /// (`app.use("/api", requireAuth)`): the search for callers finds the registering file, not the routes it guards.
    /// Every file of the app of a file registering it, in its languages, is judged where the helper guards nobody, and
    /// a route found open is reported unless it is open with the helper as its name says (open all along).
    private func routesBehindDisarmedRegistrations(
        unchanged: [String], code: CodeIndex, context: DetectionContext, disarming: DetectionContext,
        judged: inout Set<String>, ordinals: inout [String: Int]
    ) -> [Finding] {
        let detector = UnprotectedEndpointDetector()
        let candidates = unchanged + changedCode.map(\.path).sorted()
        var findings: [Finding] = []
        var asTheyWere: DetectionContext?
        for helper in newlyPaid where helper.disarmed {
            guard let language = SourceLanguage(path: helper.path) else { continue }
            let family = Self.callableFrom(language)
            let sameFamily = candidates.filter { SourceLanguage(path: $0).map { Self.callableFrom($0) == family } == true }
            let name = Array(helper.function.utf8)
            // The apps registering it (each file judged once, however many of its files register the helper).
            let roots = Set(sameFamily.compactMap { path in
                code.project.contents(of: path).flatMap { Self.registers(name, in: $0) ? Self.appRoot(of: path, in: code.project) : nil }
            })
            guard !roots.isEmpty else { continue }
            for path in sameFamily where !judged.contains(path)
                && roots.contains(where: { root in root.isEmpty || path.hasPrefix(root + "/") })
            {
                guard let routeBytes = code.project.contents(of: path) else { continue }
                let file = Self.wholeFile(path, routeBytes)
                let open = detector.detect(in: file, context: disarming)
                guard !open.isEmpty else { continue }
                judged.insert(path)
                if asTheyWere == nil {
                    var previous = context
                    previous.code = CodeIndex(
                        tree: OverlaidSourceTree(project: code.project, overlay: disarmedBases),
                        recognizer: CatalogueLeafRecognizer(providers: context.providers))
                    asTheyWere = previous
                }
                // A file of its own: the first judgement's analyses are remembered with the file.
                let openAnyway = Set(detector.detect(in: Self.wholeFile(path, routeBytes), context: asTheyWere!).map(Self.routeName))
                for var finding in open where !openAnyway.contains(Self.routeName(of: finding)) && Self.isLetThrough(finding, by: helper) {
                    finding.message += "; \(helper.consequence)"
                    identify(&finding, origin: helper, ordinals: &ordinals)
                    findings.append(finding)
                }
            }
        }
        return findings
    }

    /// The aliases routes name the disarmed Laravel middleware classes by, lower-cased: the framework's own for its
    /// classes' names (`Authenticate` is `auth`), and those the app's Kernel (`$middlewareAliases`, `$routeMiddleware`)
    /// or `bootstrap/app.php` (`->alias([…])`) declares (`'api.key' => \App\Http\Middleware\EnsureApiKey::class`).
    private func laravelAliases(ofDisarmed code: CodeIndex) -> Set<String> {
        var aliases = Set<String>()
        for helper in newlyPaid where helper.disarmed && helper.path.hasSuffix(".php") {
            if let known = LaravelMiddlewareExclusions.classAliases[helper.function] { aliases.insert(known) }
            let root = Self.appRoot(of: helper.path, in: code.project)
            let prefix = root.isEmpty ? "" : root + "/"
            let needle = Array((helper.function + "::class").utf8)
            for file in ["app/Http/Kernel.php", "bootstrap/app.php"] {
                guard let bytes = code.project.contents(of: prefix + file), ByteSearch.containsFolded(bytes, needle.map(Byte.lower))
                else { continue }
                // Each line naming the class after `=>`, its key the alias.
                for line in bytes.split(separator: Byte.newline) where ByteSearch.containsFolded(Array(line), needle.map(Byte.lower)) {
                    guard let arrow = line.firstRange(of: Array("=>".utf8)) else { continue }
                    let key = line[..<arrow.lowerBound].drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
                        .reversed().drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.reversed()
                    guard key.count > 2, let quote = key.first, quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\""),
                          key.last == quote
                    else { continue }
                    aliases.insert(String(decoding: key.dropFirst().dropLast(), as: UTF8.self).lowercased())
                }
            }
        }
        return aliases
    }

    /// Whether `bytes` register the function `name` for an app or router: on a line calling `use(`, `addHook(`,
    /// `useGlobalGuards(`, FastAPI's `dependencies=` or naming middleware (`app.use("/api", requireAuth)`, `router.use(requireAuth)`).
    private static func registers(_ name: [UInt8], in bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var found = ByteSearch.find(name, in: buffer, from: 0)
            while found != Int.max {
                let end = found + name.count
                let whole = (found == 0 || !isIdentifierByte(buffer[found - 1])) && (end == buffer.count || !isIdentifierByte(buffer[end]))
                if whole {
                    var start = found
                    while start > 0, buffer[start - 1] != 0x0A { start -= 1 }
                    var stop = end
                    while stop < buffer.count, buffer[stop] != 0x0A { stop += 1 }
                    let line = Array(buffer[start..<stop])
                    // (`import { requireAuth } from "../middleware/auth"` registers nothing.)
                    if !Self.isCommentOrImport(line), Self.registeringCalls.contains(where: { ByteSearch.containsFolded(line, $0) }) {
                        return true
                    }
                }
                found = ByteSearch.find(name, in: buffer, from: end)
            }
            return false
        }
    }

    private static let registeringCalls = [
        "use(", "addhook(", "useglobalguards(", "middleware",
        // NestJS's `@UseGuards(JwtAuthGuard)` and `{ provide: APP_GUARD, useClass: JwtAuthGuard }`, a Laravel alias
        // (`'api.key' => EnsureApiKey::class`), Rails's `before_action :require_login`.
        "useguards(", "useclass", "::class", "before_action", "before_filter",
        // FastAPI's dependencies of a router or app (`include_router(ai.router, dependencies=[Depends(verify_api_key)])`);
        // a handler's own (`_=Depends(verify_api_key)`) is a call, its route reported where it names it.
        "dependencies",
    ].map { Array($0.utf8) }

    /// A file read whole, as if every line were the change's: each of its handlers is judged.
    private static func wholeFile(_ path: String, _ bytes: [UInt8]) -> SourceFile {
        let lines = bytes.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        return SourceFile(unchangedPath: path, bytes: bytes, reading: LineSet(1...lines))
    }

    /// The route a finding of the endpoint rule is about (`POST /api/chat`): the same before and after the change,
    /// wherever its line moved.
    private static func routeName(of finding: Finding) -> String {
        guard let evidence = finding.evidence, let arrow = evidence.range(of: " → ") else { return finding.message }
        return String(evidence[..<arrow.lowerBound])
    }

    /// Files that declare an app and its dependencies: the directory holding the nearest one above a file is the app
    /// whose routes a registration of that file guards.
    private static let manifests = [
        "package.json", "composer.json", "pyproject.toml", "requirements.txt", "setup.py", "manage.py", "Pipfile", "Gemfile",
        "pom.xml", "build.gradle", "build.gradle.kts", "go.mod", "Cargo.toml", "Package.swift", "deno.json",
    ]

    /// The directory of the app `path` belongs to: the nearest above it holding a manifest, else the repository's root.
    private static func appRoot(of path: String, in project: Project) -> String {
        var directory = Self.directory(of: path)
        while !directory.isEmpty {
            if manifests.contains(where: { project.exists(directory + "/" + $0) }) { return directory }
            directory = Self.directory(of: directory)
        }
        return ""
    }

    public func finish(head: any HeadTree, context: DetectionContext) throws -> ChangeAnalysisResult {
        var result = try reachedRoutes(head: head, context: context)
        let moved = routesMovedOutOfTheirGuard(context: context)
        if !moved.isEmpty { result.findings = (result.findings + moved).sorted { ($0.path, $0.line) < ($1.path, $1.line) } }
        return result
    }

    /// `context` judged through an index of its own: the head tree with `overlay`'s files as they were before the
    /// change, and `recognizer` (the catalogue's, unless given) telling the endpoint rule what else the change altered.
    private static func reindexed(
        _ context: DetectionContext, code: CodeIndex, overlay: [String: [UInt8]] = [:], recognizer: CatalogueLeafRecognizer? = nil
    ) -> DetectionContext {
        var reindexed = context
        reindexed.code = CodeIndex(
            tree: OverlaidSourceTree(project: code.project, overlay: overlay),
            recognizer: recognizer ?? CatalogueLeafRecognizer(providers: context.providers))
        return reindexed
    }

    /// Routes of a file-routed endpoint the change moves (a pure rename, or with edits) that its new path leaves
    /// unguarded where its old path was guarded: `app/api/internal/summarize/route.ts` moved to `app/api/public/…`
    /// out of the middleware's matcher, a SvelteKit route out of the prefix its hooks check. A move within one role is
    /// a rename (SPEC §2), but one that changes the route's guard is the change that opens it: each route open at its
    /// new path is judged as new unless it was open at its old path too (compared by method and paid call, the path
    /// being what moved) or the endpoint rule judged it where the change touched the file.
    private func routesMovedOutOfTheirGuard(context: DetectionContext) -> [Finding] {
        guard !movedRoutes.isEmpty, let code = context.code else { return [] }
        let detector = UnprotectedEndpointDetector()
        let changedLines = Dictionary(changedCode, uniquingKeysWith: { first, _ in first })
        var before: DetectionContext?
        var ordinals: [String: Int] = [:]
        var findings: [Finding] = []
        for move in movedRoutes {
            guard let bytes = code.project.contents(of: move.to) else { continue }
            let open = detector.detect(in: Self.wholeFile(move.to, bytes), context: context)
            guard !open.isEmpty else { continue }
            if before == nil {
                // With the guard files the change takes out or edits as they were too.
                before = Self.reindexed(
                    context, code: code,
                    overlay: weakenedBases.merging(movedRoutes.map { ($0.from, $0.base) }, uniquingKeysWith: { first, _ in first }))
            }
            let openBefore = Set(detector.detect(in: Self.wholeFile(move.from, move.base), context: before!).map(Self.movedRouteKey))
            // Only a route its old path served, guarded there, lost a guard: a file that was no route where it was (an
            // app-router handler kept under `pages/api/`) is judged as the rename it is (SPEC §2).
            let servedBefore = Self.routeMethods(path: move.from, bytes: move.base)
            var judgedAlready = Set<String>()
            if let lines = changedLines[move.to] {
                judgedAlready = Set(detector.detect(in: SourceFile(changedPath: move.to, bytes: bytes, lines: lines), context: context)
                    .map(Self.routeName))
            }
            let origin = NewlyPaid(
                function: "", path: move.from, line: 1, lineText: "moved to " + move.to, owner: "", guardWeakened: true)
            for var finding in open
            where servedBefore.contains(Self.method(of: finding)) && !openBefore.contains(Self.movedRouteKey(of: finding))
                && !judgedAlready.contains(Self.routeName(of: finding))
            {
                finding.message += "; the route moved here from \(move.from), where a guard covered it"
                identify(&finding, origin: origin, ordinals: &ordinals)
                findings.append(finding)
            }
        }
        return findings
    }

    /// A route's method and the paid call it reaches (`POST|openai.chat.completions.create`): what stays the same
    /// when only its file's path moves.
    private static func movedRouteKey(of finding: Finding) -> String {
        guard let evidence = finding.evidence, let arrow = evidence.range(of: " → ") else { return finding.message }
        return method(of: finding) + "|" + evidence[arrow.upperBound...]
    }

    /// The method of the route an endpoint finding is about (`POST`).
    private static func method(of finding: Finding) -> String {
        guard let evidence = finding.evidence, let arrow = evidence.range(of: " → ") else { return "" }
        return evidence[..<arrow.lowerBound].split(separator: " ").first.map(String.init) ?? ""
    }

    /// The methods of the routes the file at `path` serves, guarded or not (`POST` of `POST app/api/chat/route.ts`).
    private static func routeMethods(path: String, bytes: [UInt8]) -> Set<String> {
        guard let language = SourceLanguage(path: path) else { return [] }
        let handlers = HandlerFinder(lexed: Lexer.lex(bytes, language: language), path: path).handlers()
        return Set(handlers.compactMap { $0.name.split(separator: " ").first.map(String.init) })
    }

    private func reachedRoutes(head: any HeadTree, context: DetectionContext) throws -> ChangeAnalysisResult {
        guard !newlyPaid.isEmpty || !weakenedFiles.isEmpty || !openedBuilders.isEmpty, let code = context.code
        else { return ChangeAnalysisResult() }
        let languages = Set((newlyPaid + weakenedFiles + openedBuilders.values).compactMap {
            (SourceLanguage(path: $0.path) ?? configurationLanguages[$0.path]).map(Self.callableFrom)
        })
        let unchanged = code.project.paths.filter { path in
            !changedPaths.contains(path) && SourceLanguage(path: path).map { languages.contains(Self.callableFrom($0)) } == true
                && !Self.isInstalledOrBuilt(path)
        }
        // The changed files holding a newly paid function: their routes the change leaves alone that call it are
        // judged as an unchanged file's are (those it touches are the endpoint rule's).
        let changedLines = Dictionary(changedCode, uniquingKeysWith: { first, _ in first })
        // Go only: a Go route names its handler (`mux.HandleFunc("/p", preview)`) where the lines calling the newly paid
        // function are not the route's; other languages' routes in a changed file are the endpoint rule's already. (Every
        // file of a whole-history range holds a newly paid function: judging them all again read and lexed each twice.)
        let payingFiles = Set(newlyPaid.filter { !$0.guardWeakened && $0.path.hasSuffix(".go") }.map(\.path))
            .filter { changedLines[$0] != nil }.sorted()
        // Changed PHP files may route an action the change makes paid on a line it leaves alone (a route file edited
        // elsewhere): those lines are read as an unchanged file's are (the lines it touches are the endpoint rule's).
        let changedPHP = newlyPaid.contains { $0.path.hasSuffix(".php") && !$0.guardWeakened }
            ? changedCode.map(\.path).filter { $0.hasSuffix(".php") } : []
        // (An app-wide registration's own file, one losing its own routes' guards, one holding a newly paid function,
        // and a PHP file that may route one, are judged even when no other is left unchanged.)
        guard !unchanged.isEmpty || !registrationFiles.isEmpty || !ownRoutesWeakened.isEmpty || !payingFiles.isEmpty
            || !changedPHP.isEmpty
        else { return ChangeAnalysisResult() }
        let directories = Set(newlyPaid.map { Self.directory(of: $0.path) })
        // Each name looked for, with the newly paid function it leads to.
        var origins = [String: NewlyPaid]()
        for paid in newlyPaid where origins[paid.function] == nil { origins[paid.function] = paid }
        var looking = origins
        // PHP routes name a controller action rather than call it (`[SummaryController::class, 'store']`,
        // `'SummaryController@store'`, the `store` of `Route::apiResource('summaries', SummaryController::class)`): the
        // actions looked for, by class and method, and the classes a caller found in one hop is a method of, which the
        // files calling it in the next must name.
        var actions = [String: NewlyPaid]()
        for paid in newlyPaid where paid.path.hasSuffix(".php") && !paid.guardWeakened && !paid.owner.isEmpty {
            actions[Self.actionKey(paid.owner, paid.function)] = actions[Self.actionKey(paid.owner, paid.function)] ?? paid
        }
        var callerOwners = Set<String>()
        var judged = Set<String>()
        var ordinals: [String: Int] = [:]
        var findings = routesOfWeakenedFiles(unchanged: unchanged, code: code, context: context, ordinals: &ordinals)
        judged.formUnion(findings.map(\.path))
        findings += proceduresOnOpenedBuilders(unchanged: unchanged, code: code, context: context, judged: &judged, ordinals: &ordinals)
        let detector = UnprotectedEndpointDetector()
        // Callers of a guard helper the change empties are judged where that helper guards nobody.
        var disarming = context
        if !disarmedGuards.isEmpty {
            var recognizer = CatalogueLeafRecognizer(providers: context.providers)
            recognizer.disarmedGuards = disarmedGuards
            recognizer.disarmedMiddlewareAliases = laravelAliases(ofDisarmed: code)
            disarming = Self.reindexed(context, code: code, recognizer: recognizer)
            findings += routesBehindDisarmedRegistrations(
                unchanged: unchanged, code: code, context: context, disarming: disarming, judged: &judged,
                ordinals: &ordinals)
        }
        for _ in 0..<Self.hops where !looking.isEmpty {
            let names = WordSet(Array(looking.keys))
            let owners = WordSet(looking.values.map(\.owner) + Array(callerOwners))
            let actionClasses = WordSet(actions.keys.compactMap { $0.split(separator: ":").first.map(String.init) })
            let lookingForGuards = looking.values.contains(where: \.guardWeakened)
            var callers = [String: NewlyPaid]()
            var callingActions = [String: NewlyPaid]()
            callerOwners = []
            for path in unchanged + payingFiles + changedPHP where !judged.contains(path) {
                guard let bytes = code.project.contents(of: path), let language = SourceLanguage(path: path) else { continue }
                let mayRouteAction = language == .php && !actions.isEmpty && Self.mentions(bytes, anyOf: actionClasses)
                guard mayRouteAction || Self.mentions(bytes, anyOf: names, called: true) else { continue }
                // A file that can reach none of the functions is not lexed: in JavaScript, TypeScript and Python, one
                // whose imports reach no paid call; in other languages, one naming none of their classes (or Go
                // packages) outside their directories.
                // (A route calling a weakened guard makes its paid call anywhere, its own body included: no filter.)
                if language.isJavaScriptLike || language == .python {
                    guard lookingForGuards || code.importsMayReachPaid(path: path, language: language, bytes: bytes, lexed: nil) != false
                    else { continue }
                } else if !directories.contains(Self.directory(of: path)), !Self.mentions(bytes, anyOf: owners) {
                    continue
                }
                let lexed = Lexer.lex(bytes, language: language)
                var lines: [Int] = []
                var origin: NewlyPaid?
                var callsDisarmed = false
                // The file's functions that call one: a route may name one of them as its handler.
                var callingFunctions = Set<String>()
                // Called (`summarize(text)`, `service.summarize(text)`, Ruby's `Summarizer.new(doc).call`) or handed over
                // (`app.post("/x", summarize)`, a resolver map's `Mutation: { summarize }`) or decorating (`@require_api_key`).
                for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier
                    && (lexed.token(index + 1, isPunctuation: Byte.openParen) || lexed.token(index - 1, isPunctuation: Byte.dot)
                        || lexed.token(index - 1, isPunctuation: UInt8(ascii: "@"))
                        || ([Byte.comma, Byte.openParen, Byte.openBrace, Byte.colon].contains { lexed.token(index - 1, isPunctuation: $0) }
                            && [Byte.comma, Byte.closeParen, Byte.closeBrace].contains { lexed.token(index + 1, isPunctuation: $0) }))
                {
                    guard let called = looking[lexed.text(index)] else { continue }
                    lines.append(lexed.tokens[index].line)
                    origin = origin ?? called
                    callsDisarmed = callsDisarmed || called.disarmed
                    // Its caller, for the next hop: a function of this file that calls it.
                    if let function = lexed.enclosingBlocks(of: index).first(where: { lexed.blocks[$0].kind == .function }),
                       let name = lexed.name(ofBlock: function), name.utf8.count >= Self.shortestName
                    {
                        callingFunctions.insert(name)
                        if origins[name] == nil, callers[name] == nil { callers[name] = called }
                        let owner = Self.owner(of: function, path: path, in: lexed)
                        callerOwners.insert(owner)
                        if language == .php, callingActions[Self.actionKey(owner, name)] == nil {
                            callingActions[Self.actionKey(owner, name)] = called
                        }
                    }
                }
                // Each route line naming an action, with the newly paid function it leads to: its finding's cause.
                var routedOrigins: [Int: NewlyPaid] = [:]
                if mayRouteAction {
                    for (line, action) in Self.routeLines(namingActionsOf: actions, in: lexed, path: path, detector: detector) {
                        lines.append(line)
                        routedOrigins[line] = routedOrigins[line] ?? action
                        origin = origin ?? action
                    }
                }
                guard let origin, !lines.isEmpty else { continue }
                judged.insert(path)
                // A route registered in this file with one of those functions as its handler (`mux.HandleFunc("/p",
                // preview)`, `r.POST("/p", preview)`) is read where it names it: the next hop, which looks in other
                // files, would not come back to this one.
                lines += Self.linesNaming(callingFunctions, in: lexed)
                let file = SourceFile(unchangedPath: path, bytes: bytes, reading: LineSet(lines))
                // A changed file's routes the change touches were judged by the endpoint rule.
                var judgedAlready = Set<String>()
                if let changed = changedLines[path] {
                    judgedAlready = Set(detector.detect(in: SourceFile(changedPath: path, bytes: bytes, lines: changed), context: context)
                        .map(Self.routeName))
                }
                for var finding in detector.detect(in: file, context: callsDisarmed ? disarming : context)
                where !judgedAlready.contains(Self.routeName(of: finding)) && (!callsDisarmed || Self.isLetThrough(finding, by: origin)) {
                    let cause = routedOrigins[finding.line] ?? origin
                    finding.message += "; \(cause.consequence)"
                    identify(&finding, origin: cause, ordinals: &ordinals)
                    findings.append(finding)
                }
            }
            for (name, origin) in callers { origins[name] = origin }
            looking = callers
            actions = callingActions
        }
        return ChangeAnalysisResult(findings: findings.sorted { ($0.path, $0.line) < ($1.path, $1.line) })
    }

    /// How a PHP controller action is looked for: its class and method (`SummaryController::store`).
    private static func actionKey(_ owner: String, _ method: String) -> String { owner + "::" + method }

    /// The route lines of a PHP file naming one of `actions` as their handler, by the class's short name
    /// (`[SummaryController::class, 'store']`, `'App\Http\Controllers\SummaryController@store'`, an invokable
    /// `SummaryController::class`, a resource route's action), each with the newly paid function it leads to.
    private static func routeLines(
        namingActionsOf actions: [String: NewlyPaid], in lexed: LexedSource, path: String, detector: UnprotectedEndpointDetector
    ) -> [(line: Int, origin: NewlyPaid)] {
        HandlerFinder(lexed: lexed, path: path).handlers().compactMap { handler in
            let named = detector.controllerActions(in: handler.body, lexed: lexed, resourceAction: handler.resourceAction)
            for action in named {
                let type = action.receiver.last?.split(separator: "\\").last.map(String.init) ?? ""
                if let origin = actions[actionKey(type, action.name)] {
                    return (lexed.tokens[handler.statement.lowerBound].line, origin)
                }
            }
            return nil
        }
    }

    /// The lines of a file naming one of `functions` other than where it is defined: called, or handed over as a
    /// route's handler; then those naming the functions that do, once more (`handler` wrapped in `withLogging`).
    static func linesNaming(_ functions: Set<String>, in lexed: LexedSource) -> [Int] {
        var lines: [Int] = []
        var looking = functions
        var seen = functions
        for _ in 0..<2 where !looking.isEmpty {
            let words = WordSet(Array(looking))
            var next = Set<String>()
            for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier
                && words.contains(lexed.bytes[lexed.tokens[index].start..<lexed.tokens[index].end])
            {
                let called = lexed.token(index + 1, isPunctuation: Byte.openParen) && index > 0
                    && !lexed.token(index - 1, isPunctuation: Byte.closeParen)
                    && !Self.definingWords.contains { lexed.bytes[lexed.tokens[index - 1].start..<lexed.tokens[index - 1].end].elementsEqual($0) }
                let handedOver = [Byte.comma, Byte.openParen].contains { lexed.token(index - 1, isPunctuation: $0) }
                    && [Byte.comma, Byte.closeParen].contains { lexed.token(index + 1, isPunctuation: $0) }
                guard called || handedOver else { continue }
                lines.append(lexed.tokens[index].line)
                if let function = lexed.enclosingBlocks(of: index).first(where: { lexed.blocks[$0].kind == .function }),
                   let name = lexed.name(ofBlock: function), seen.insert(name).inserted
                {
                    next.insert(name)
                }
            }
            looking = next
        }
        return lines
    }

    /// Procedures built on a tRPC builder the change leaves refusing nobody, in files it does not touch: each file
    /// naming such a builder is judged with those builders taken as public, and a procedure found open is reported
    /// unless it is open with the builders as they were.
    private func proceduresOnOpenedBuilders(
        unchanged: [String], code: CodeIndex, context: DetectionContext, judged: inout Set<String>,
        ordinals: inout [String: Int]
    ) -> [Finding] {
        guard !openedBuilders.isEmpty else { return [] }
        let names = openedBuilders.keys.sorted()
        let builders = WordSet(names)
        // An index of its own, whose recognizer tells the endpoint rule which builders are open.
        var recognizer = CatalogueLeafRecognizer(providers: context.providers)
        recognizer.openedProcedures = Set(names)
        let opening = Self.reindexed(context, code: code, recognizer: recognizer)
        // And one whose builders are judged as they were before the change, for the procedures open anyway.
        var before = CatalogueLeafRecognizer(providers: context.providers)
        before.proceduresGuardedBefore = Set(names)
        let asTheyWere = Self.reindexed(context, code: code, recognizer: before)
        let detector = UnprotectedEndpointDetector()
        var findings: [Finding] = []
        for path in unchanged where !judged.contains(path) && SourceLanguage(path: path)?.isJavaScriptLike == true {
            guard let bytes = code.project.contents(of: path), Self.mentions(bytes, anyOf: builders),
                  let origin = names.first(where: { Self.mentions(bytes, anyOf: WordSet([$0])) }).flatMap({ openedBuilders[$0] })
            else { continue }
            let open = detector.detect(in: Self.wholeFile(path, bytes), context: opening)
            guard !open.isEmpty else { continue }
            judged.insert(path)
            let openAnyway = Set(detector.detect(in: Self.wholeFile(path, bytes), context: asTheyWere).map(Self.routeName))
            for var finding in open where !openAnyway.contains(Self.routeName(of: finding)) {
                finding.message += "; \(origin.consequence)"
                identify(&finding, origin: origin, ordinals: &ordinals)
                findings.append(finding)
            }
        }
        return findings
    }

    /// Directories of installed dependencies and build output: no route of the project is served from them.
    private static let installedOrBuilt: Set<Substring> = [
        "node_modules", "vendor", "dist", "build", ".next", ".nuxt", ".svelte-kit", ".output", "target", "site-packages",
        ".venv", "venv", "__pycache__",
    ]

    private static func isInstalledOrBuilt(_ path: String) -> Bool {
        path.hasSuffix(".min.js") || path.split(separator: "/").dropLast().contains { installedOrBuilt.contains($0) }
    }

    /// Languages whose code calls each other's functions: JavaScript and TypeScript, Java and Kotlin; each other
    /// language its own.
    private static func callableFrom(_ language: SourceLanguage) -> String {
        if language.isJavaScriptLike { return "javascript" }
        if language == .java || language == .kotlin { return "jvm" }
        return language.rawValue
    }

    /// The finding's identity is the route and the new paid line it reaches: a new paid line, or the route moved,
    /// asks the reviewers again.
    private func identify(_ finding: inout Finding, origin: NewlyPaid, ordinals: inout [String: Int]) {
        finding.hunkDigest = ContentDigest.sha256Hex("\(finding.path)\u{0}\(origin.path)\u{0}\(origin.lineText)")
        let ordinal = ordinals[finding.hunkDigest, default: 0]
        ordinals[finding.hunkDigest] = ordinal + 1
        finding.id = Fingerprint.findingID(
            rule: finding.rule, path: finding.path, hunkDigest: finding.hunkDigest, ordinal: ordinal)
    }

    /// Whether `needle` occurs anywhere in `bytes`.
    static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            let found = ByteSearch.find(needle, in: buffer, from: 0)
            return found >= 0 && found < buffer.count
        }
    }

    /// The text of every line the change deletes from the file, a line each.
    static func deletedText(of change: FileChange) -> [UInt8] {
        var text: [UInt8] = []
        for hunk in change.hunks where hunk.oldCount > 0 {
            hunk.lines.forEachText { kind, line in
                guard kind == .deleted else { return }
                text.append(contentsOf: line)
                text.append(0x0A)
            }
        }
        return text
    }

    /// Whether `bytes` hold one of `names` as a whole identifier: one pass over the file's words, however many names.
    /// With `called`, only where it may be called or handed over, not where it is defined: followed by `(` (not after
    /// `def`, `function`, `func`, `fun`, `fn` or a Go receiver's `)`), after a `.`, or handed over: after `(`, `,`, `{`
    /// or `:` and before `)`, `,` or `}`.
    static func mentions(_ bytes: [UInt8], anyOf names: WordSet, called: Bool = false) -> Bool {
        var index = 0
        while index < bytes.count {
            guard isIdentifierByte(bytes[index]) else { index += 1; continue }
            let start = index
            while index < bytes.count, isIdentifierByte(bytes[index]) { index += 1 }
            guard names.contains(bytes[start..<index]) else { continue }
            if !called || mayBeCalled(bytes, start..<index) { return true }
        }
        return false
    }

    private static let definingWords = ["def", "function", "func", "fun", "fn"].map { Array($0.utf8) }

    private static func mayBeCalled(_ bytes: [UInt8], _ word: Range<Int>) -> Bool {
        var next = word.upperBound
        while next < bytes.count, bytes[next] == UInt8(ascii: " ") || bytes[next] == UInt8(ascii: "\t") { next += 1 }
        var previous = word.lowerBound - 1
        while previous >= 0, bytes[previous] == UInt8(ascii: " ") || bytes[previous] == UInt8(ascii: "\t") { previous -= 1 }
        let before: UInt8 = previous >= 0 ? bytes[previous] : 0x0A
        let after: UInt8 = next < bytes.count ? bytes[next] : 0x0A
        // Called on something, or decorating a function (`@require_api_key`).
        if before == UInt8(ascii: ".") || before == UInt8(ascii: "@") { return true }
        // Handed over as an argument or an object's value (`app.post("/x", chat)`, `Mutation: { summarize }`).
        if [UInt8(ascii: "("), UInt8(ascii: ","), UInt8(ascii: "{"), UInt8(ascii: ":")].contains(before),
           [UInt8(ascii: ")"), UInt8(ascii: ","), UInt8(ascii: "}")].contains(after)
        {
            return true
        }
        guard after == UInt8(ascii: "("), before != UInt8(ascii: ")") else { return false }
        var wordStart = previous
        while wordStart >= 0, isIdentifierByte(bytes[wordStart]) { wordStart -= 1 }
        let previousWord = bytes[(wordStart + 1)..<(previous + 1)]
        return !definingWords.contains { previousWord.elementsEqual($0) }
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")
            || byte >= 0x80
    }

    /// The text of the line holding token `token`.
    private static func lineText(around token: Int, in lexed: LexedSource) -> String {
        let bytes = lexed.bytes
        let offset = lexed.tokens[token].start
        let start = bytes[..<offset].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let end = bytes[offset...].firstIndex(of: 0x0A) ?? bytes.endIndex
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The class or module declaring function block `function` (the first `class`, `module`, `struct`, `object` or
    /// `interface` name of the enclosing containers' headers); without one, the package's directory in Go and Kotlin,
    /// else the file's stem.
    private static func owner(of function: Int, path: String, in lexed: LexedSource) -> String {
        // JavaScript, TypeScript and Python callers are found by their imports, not by this.
        if lexed.language.isJavaScriptLike || lexed.language == .python { return "" }
        if lexed.language == .go { return directory(of: path).split(separator: "/").last.map(String.init) ?? "" }
        for block in lexed.enclosingBlocks(of: lexed.blocks[function].openToken) where lexed.blocks[block].kind == .container {
            if let name = containerName(block, in: lexed) { return name }
        }
        if lexed.language == .kotlin { return directory(of: path).split(separator: "/").last.map(String.init) ?? "" }
        return stem(of: path)
    }

    /// The name a container block's header declares (`class ApplicationController < ActionController::Base`).
    private static func containerName(_ block: Int, in lexed: LexedSource) -> String? {
        let header = min(lexed.blocks[block].headerStart, lexed.blocks[block].openToken)...lexed.blocks[block].openToken
        for index in header where Self.declarations.contains(where: { lexed.token(index, is: $0) })
            && index + 1 < lexed.tokens.count && lexed.tokens[index + 1].kind == .identifier
        {
            return lexed.text(index + 1)
        }
        return nil
    }

    /// A file name without its directory and extensions.
    private static func stem(of path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.split(separator: ".").first.map(String.init) ?? name
    }

    private static let declarations: [StaticString] = ["class", "module", "struct", "object", "interface", "trait"]

    /// The part before the last `/`, found in the UTF-8 bytes (asked of every unchanged path).
    private static func directory(of path: String) -> String {
        path.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(path[..<$0]) } ?? ""
    }
}

extension SourceFile {
    /// A file the change leaves alone, read as if `lines` were the change's: a route calling a function the change
    /// makes paid is judged where it calls it.
    init(unchangedPath path: String, bytes: [UInt8], reading lines: LineSet) {
        self.init(change: FileChange(path: path, kind: .modified, hunks: [], content: .text(bytes)), addedLines: lines)
    }

    /// A changed file made again from its head bytes and where the change touched it: what the endpoint rule judged.
    init(changedPath path: String, bytes: [UInt8], lines: UnchangedEndpointReach.ChangedLines) {
        self.init(
            change: FileChange(path: path, kind: .modified, hunks: [], content: .text(bytes)), addedLines: lines.added,
            deletionPoints: lines.deletionPoints)
    }
}

/// The head tree with some files as they were before the change, or as it is (an index of its own, with guards
/// recognised otherwise): what routes are judged against to tell what the change did to them.
struct OverlaidSourceTree: SourceTree {
    let project: Project
    let overlay: [String: [UInt8]]

    /// The head's paths, and those of files the change deletes or renames away, back in the overlay.
    func paths() throws -> [String] {
        let restored = overlay.keys.filter { !project.exists($0) }
        return restored.isEmpty ? project.paths : project.paths + restored
    }
    func contents(of path: String) throws -> [UInt8]? { overlay[path] ?? project.contents(of: path) }
}



