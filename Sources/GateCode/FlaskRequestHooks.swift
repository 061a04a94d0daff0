import GateCore

/// A Flask request hook registered on a blueprint or an app: by decorating its function (`@bp.before_request
/// def require_login(): …`) or by handing one over (`bp.before_request(require_api_key)`,
/// `app.before_request(guards.require_token)`).
public struct FlaskHookRegistration: Sendable, Equatable {
    /// The `before_request` or `before_app_request` token.
    public var hook: Int
    /// The decorated function's body (from its `:` on), or nil for a function handed over.
    public var function: ClosedRange<Int>?
    /// The name handed over (its last token: `require_api_key` of `guards.require_api_key`), or nil.
    public var handed: Int?
}

/// Flask's request hooks (`@bp.before_request`, `@app.before_request`, `before_app_request`) run before every route of
/// their blueprint or app, and guard those routes only when they turn a caller away: a hook that loads the signed-in
/// user into `g.user` or only logs who called lets everyone through.
extension LexedSource {
    /// Whether the Flask request hook whose function is `span` turns a caller away: it aborts (`abort(401)`), raises,
    /// redirects, answers 401, 403 or 429 (`return jsonify(…), 401`), or calls a check as a statement of its own
    /// (`verify_jwt_in_request()`, `return require_login()`). `isGuard` says which tokens are guards (the file's
    /// guard tokens), of which the hook must hold one: a hook aborting for another reason (`abort(413)`) checks nobody.
    /// `checkRefuses`: for a function called as a statement of its own, whether that function turns the caller away,
    /// judged by its body where the project defines it (nil: none is found, and a guard's name is taken at its word):
    /// `ensure_key_valid()` aborting with 401 refuses, `load_current_user()` only filling `g` does not.
    public func flaskHookTurnsAway(
        _ span: ClosedRange<Int>, isGuard: (Int) -> Bool, checkRefuses: ((Int) -> Bool?)? = nil
    ) -> Bool {
        var guards = false
        var refuses = false
        for index in span where index < tokens.count {
            let token = tokens[index]
            // A check called for what it does, not read: `verify_jwt_in_request()`, `return require_login()`.
            let calledCheck = token.kind == .identifier && self.token(index + 1, isPunctuation: Byte.openParen)
                && (token.firstOnLine || self.token(index - 1, is: "return"))
            if calledCheck, let judged = checkRefuses?(index) {
                if judged { return true }
                continue
            }
            if isGuard(index) {
                guards = true
                if calledCheck { refuses = true }
            }
            // Flask-Login's `return login_manager.unauthorized()`, werkzeug's `Forbidden()`: an answer refusing the caller.
            if token.kind == .identifier, self.token(index + 1, isPunctuation: Byte.openParen),
               ["unauthorized", "forbidden"].contains(text(index).lowercased())
            {
                return true
            }
            if token.kind == .number {
                let digits = bytes[token.start..<token.end]
                if digits.elementsEqual("401".utf8) || digits.elementsEqual("403".utf8) || digits.elementsEqual("429".utf8) { refuses = true }
            } else if self.token(index, is: "raise")
                || ((self.token(index, is: "abort") || self.token(index, is: "redirect")) && self.token(index + 1, isPunctuation: Byte.openParen))
            {
                refuses = true
            }
            if guards && refuses { return true }
        }
        return false
    }

    /// Whether a Flask request hook registration turns callers away, read from this file: its function's body
    /// (`flaskHookTurnsAway(_:isGuard:checkRefuses:)`) or a guard decorating it under the hook's decorator
    /// (`@bp.before_request @login_required def require_login(): pass`, `@jwt_required()`); a function handed over by
    /// its name, when that names a guard.
    public func flaskHookTurnsAway(
        _ registration: FlaskHookRegistration, isGuard: (Int) -> Bool, checkRefuses: ((Int) -> Bool?)? = nil
    ) -> Bool {
        guard let function = registration.function else { return registration.handed.map(isGuard) ?? false }
        for index in (registration.hook + 1)..<function.lowerBound where isGuard(index) {
            var start = index
            while token(start - 1, isPunctuation: Byte.dot), start >= 2, tokens[start - 2].kind == .identifier { start -= 2 }
            if token(start - 1, isPunctuation: Byte.at) { return true }
        }
        return flaskHookTurnsAway(function, isGuard: isGuard, checkRefuses: checkRefuses)
    }

    /// The function blocks of the file decorated as Flask request hooks of `receiver` (`@bp.before_request`), or of
    /// any receiver when it is nil, with the hook's decorator token.
    public func flaskRequestHooks(of receiver: String? = nil) -> [(hook: Int, function: ClosedRange<Int>)] {
        var result: [(Int, ClosedRange<Int>)] = []
        for (block, info) in blocks.enumerated() where info.kind == .function && info.headerStart < info.openToken {
            let header = statementSpan(of: block).lowerBound..<info.openToken
            guard let hook = header.first(where: { token($0, is: "before_request") || token($0, is: "before_app_request") }),
                  token(hook - 1, isPunctuation: Byte.dot), hook >= 2
            else { continue }
            if let receiver, text(hook - 2) != receiver { continue }
            result.append((hook, info.openToken...statementSpan(of: block).upperBound))
        }
        return result
    }

    /// The Flask request hooks the file registers on `receiver` (any, when nil), decorated or handed over
    /// (`bp.before_request(require_api_key)`, `bp.before_app_request(guards.require_api_key)`), in token order.
    public func flaskHookRegistrations(of receiver: String? = nil) -> [FlaskHookRegistration] {
        var result = flaskRequestHooks(of: receiver).map { FlaskHookRegistration(hook: $0.hook, function: $0.function, handed: nil) }
        guard ByteSearch.containsFolded(bytes, Self.beforeWord) else { return result }
        for hook in indices(ofWords: ["before_request", "before_app_request"]) where hook >= 2
            && token(hook - 1, isPunctuation: Byte.dot) && !token(hook - 3, isPunctuation: Byte.at)
            && token(hook + 1, isPunctuation: Byte.openParen) && partner[hook + 1] > hook + 2
        {
            if let receiver, text(hook - 2) != receiver { continue }
            // One function by its name or its module's (`guards.require_api_key`), nothing else.
            let close = partner[hook + 1]
            var cursor = hook + 2
            while tokens[cursor].kind == .identifier, token(cursor + 1, isPunctuation: Byte.dot) { cursor += 2 }
            guard cursor == close - 1, tokens[cursor].kind == .identifier, !token(cursor, is: "lambda") else { continue }
            result.append(FlaskHookRegistration(hook: hook, function: nil, handed: cursor))
        }
        return result.sorted { $0.hook < $1.hook }
    }

    private static let beforeWord = Array("before_".utf8)

    /// The body of the function `definition` of this file defines (from its `:` on), or nil.
    func functionBody(of definition: Definition) -> ClosedRange<Int>? {
        guard let block = blocks.indices.first(where: { blocks[$0].kind == .function && definition.tokens.contains(blocks[$0].openToken) })
        else { return nil }
        return blocks[block].openToken...statementSpan(of: block).upperBound
    }
}

extension CodeIndex {
    /// Whether a Flask request hook the file of `facts` registers turns callers away: the decorated function's body,
    /// or the body of the function handed over, in this file or the one it is imported from. A name handed over that
    /// is no function of the project (a library's check, `verify_jwt_in_request`) is taken at its word when it is a
    /// guard's.
    public func flaskHookRefuses(_ registration: FlaskHookRegistration, facts: FileFacts, lexed: LexedSource) -> Bool {
        if registration.function != nil {
            return lexed.flaskHookTurnsAway(registration, isGuard: { Self.isGuardToken($0, of: facts) }, checkRefuses: { call in
                self.flaskFunctionRefuses(named: call, facts: facts, lexed: lexed, depth: 1)
            })
        }
        guard let handed = registration.handed else { return false }
        if let judged = flaskFunctionRefuses(named: handed, facts: facts, lexed: lexed, depth: 0) { return judged }
        return Self.isGuardToken(handed, of: facts)
    }

    /// Whether the body `span` of a hook or a check it calls turns the caller away, a check it calls in turn judged
    /// by its own body (two calls deep).
    private func flaskBodyRefuses(_ span: ClosedRange<Int>, facts: FileFacts, lexed: LexedSource, depth: Int) -> Bool {
        lexed.flaskHookTurnsAway(span, isGuard: { Self.isGuardToken($0, of: facts) }, checkRefuses: { call in
            depth < 2 ? self.flaskFunctionRefuses(named: call, facts: facts, lexed: lexed, depth: depth + 1) : nil
        })
    }

    /// Whether the project's function named at token `name` (called, or handed over) turns the caller away; nil
    /// when the name is no function of the project.
    private func flaskFunctionRefuses(named name: Int, facts: FileFacts, lexed: LexedSource, depth: Int) -> Bool? {
        let token = lexed.tokens[name]
        let call = facts.calls(in: name...name).first ?? CallFact(
            name: lexed.text(name),
            receiver: lexed.token(name - 1, isPunctuation: Byte.dot) ? FactExtractor.receiverChain(lexed, before: name) : [],
            token: name, line: token.line, column: token.column, firstArgument: nil)
        let targets = resolve(call, in: facts).targets
        guard !targets.isEmpty else { return nil }
        return targets.contains { target in
            guard let declaring = target.path == facts.path ? facts : self.facts(of: target.path),
                  let source = target.path == facts.path ? lexed : lexedFile(target.path),
                  let body = source.functionBody(of: target.definition)
            else { return false }
            return flaskBodyRefuses(body, facts: declaring, lexed: source, depth: depth)
        }
    }

    private static func isGuardToken(_ token: Int, of facts: FileFacts) -> Bool {
        let guards = facts.guardTokens
        let position = guards.partitionPoint { $0 < token }
        return position < guards.count && guards[position] == token
    }

    /// A request hook turning callers away that the file at `path` registers on the blueprint or app it names
    /// `receiver`: decorated or handed over there, or registered by a helper of another module it hands the blueprint
    /// to (`init_auth(bp)`, whose `@bp.before_request def check(): … abort(401)` runs for its routes). The hook and
    /// where it is, or nil.
    public func flaskRefusingHook(on receiver: String, inFile path: String) -> String? {
        guard let facts = facts(of: path), let lexed = lexedFile(path) else { return nil }
        if ByteSearch.containsFolded(lexed.bytes, Self.beforeWord) {
            for registration in lexed.flaskHookRegistrations(of: receiver) where flaskHookRefuses(registration, facts: facts, lexed: lexed) {
                return "\(receiver).\(lexed.text(registration.hook)) (\(path):\(lexed.tokens[registration.hook].line))"
            }
        }
        return flaskHelperHook(on: receiver, in: facts)
    }

    /// A helper of another module the file calls at its top level with the blueprint or app it names `receiver`
    /// (`init_auth(bp)`, any if nil) that registers a request hook turning callers away on the parameter it is handed:
    /// the helper and where it is, or nil. A hook that only loads the user or logs, however it is named, turns nobody
    /// away.
    func flaskHelperHook(on receiver: String?, in facts: FileFacts) -> String? {
        for call in facts.calls where call.receiver.isEmpty && call.firstArgument != nil && facts.definition(enclosing: call.token) == nil
            && (receiver == nil || call.firstArgument == receiver)
        {
            for target in resolve(call, in: facts).targets where target.path != facts.path {
                guard let helper = self.facts(of: target.path), let lexed = lexedFile(target.path),
                      ByteSearch.containsFolded(lexed.bytes, Self.beforeWord)
                else { continue }
                let body = target.definition.tokens
                let registered = lexed.flaskHookRegistrations().filter { body.contains($0.hook) }
                guard registered.contains(where: { flaskHookRefuses($0, facts: helper, lexed: lexed) }) else { continue }
                return "\(call.name) (\(target.path):\(target.definition.line))"
            }
        }
        return nil
    }

    /// A request hook that turns callers away, declared in another module on the blueprint this file's routes are
    /// registered on (`from . import bp` in app/chat/routes.py, with `@bp.before_request def require_login(): …
    /// abort(401)` or `bp.before_request(require_api_key)` in app/chat/__init__.py beside `bp = Blueprint(…)`). The
    /// hook and where it is, or nil.
    public func flaskImportedBlueprintHook(in facts: FileFacts, lexed: LexedSource) -> String? {
        for (member, path) in flaskImportedRouters(in: facts, lexed: lexed) {
            if let hook = flaskRefusingHook(on: member, inFile: path) { return hook }
        }
        return nil
    }

    /// A guard where the blueprint this file's routes are registered on, declared in another module (`bp =
    /// Blueprint(…)` in app/tickets/__init__.py, imported by routes.py), is registered: an app factory's
    /// `@app.before_request` hook that aborts, then `app.register_blueprint(tickets_bp)`. Nil when any app registering
    /// it does so without one.
    public func flaskImportedBlueprintMountGuard(in facts: FileFacts, lexed: LexedSource) -> String? {
        for (member, path) in flaskImportedRouters(in: facts, lexed: lexed) {
            guard let declaring = lexedFile(path), Self.declaresBlueprint(member, in: declaring) else { continue }
            if let found = mountGuard(forFile: path) { return found }
        }
        return nil
    }

    /// Where an app registers the blueprint this file's routes are registered on (declared here, or in the module
    /// it is imported from) with nothing turning callers away: `internal/app.py:8`, or nil.
    public func flaskOpenBlueprintRegistration(in facts: FileFacts, lexed: LexedSource) -> String? {
        guard facts.language.family == .python else { return nil }
        var declaring = flaskImportedRouters(in: facts, lexed: lexed).filter { router in
            lexedFile(router.path).map { Self.declaresBlueprint(router.member, in: $0) } ?? false
        }.map(\.path)
        if ByteSearch.containsFolded(lexed.bytes, Self.blueprintWord) { declaring.insert(facts.path, at: 0) }
        for path in declaring {
            if let open = openFlaskRegistration(ofBlueprintIn: path) { return open }
        }
        return nil
    }

    /// The names this Python file registers routes on (`@bp.route(…)`, `@bp.post(…)`) that it imports from another
    /// module of the project, with the file of that module.
    private func flaskImportedRouters(in facts: FileFacts, lexed: LexedSource) -> [(member: String, path: String)] {
        guard facts.language.family == .python else { return [] }
        var result: [(String, String)] = []
        for binding in facts.imports where binding.member != nil {
            // Routes registered on it here: `@bp.route(…)`, `@bp.post(…)`.
            let routes = lexed.tokens.indices.contains { index in
                lexed.token(index - 1, isPunctuation: Byte.at) && lexed.tokens[index].kind == .identifier
                    && lexed.text(index) == binding.local && lexed.token(index + 1, isPunctuation: Byte.dot)
            }
            guard routes, let member = binding.member else { continue }
            for path in modules(binding.module, of: facts) + (facts.language.resolver.submodule(binding.module, member: member)
                .map { modules($0, of: facts) } ?? []) where path != facts.path
            {
                result.append((member, path))
            }
        }
        return result
    }

    /// Whether the file assigns `name` a blueprint: `bp = Blueprint(…)`, `flask.Blueprint(…)`, APIFlask's
    /// `APIBlueprint(…)`.
    static func declaresBlueprint(_ name: String, in lexed: LexedSource) -> Bool {
        lexed.tokens.indices.contains { index in
            guard lexed.tokens[index].kind == .identifier, lexed.token(index + 1, isPunctuation: Byte.equals),
                  !lexed.token(index + 2, isPunctuation: Byte.equals), lexed.text(index) == name
            else { return false }
            var cursor = index + 2
            while lexed.tokens.indices.contains(cursor + 2), lexed.tokens[cursor].kind == .identifier,
                  lexed.token(cursor + 1, isPunctuation: Byte.dot)
            {
                cursor += 2
            }
            return lexed.tokens.indices.contains(cursor) && lexed.tokens[cursor].kind == .identifier
                && lexed.text(cursor).hasSuffix("Blueprint") && lexed.token(cursor + 1, isPunctuation: Byte.openParen)
        }
    }

    private static let beforeWord = Array("before_".utf8)
    private static let blueprintWord = Array("blueprint".utf8)
}
