import GateCore

/// What a Django REST framework view's own `get_permissions(self)` gives one of its actions. DRF asks it, not the
/// class's `permission_classes`, before every action; views override it to open some actions and guard the rest:
///
///     def get_permissions(self):
///         if self.action in ["list", "retrieve"]:
///             return [AllowAny()]
///         return [IsAuthenticated()]
///
/// The method is followed as DRF would run it for the action: `if`/`elif`/`else` on `self.action` or on the request's
/// method (`self.request.method in SAFE_METHODS`), conditional expressions, the lists it returns or assigns to
/// `permission_classes` and then returns built (`[p() for p in permission_classes]`), and
/// `super().get_permissions()`, which leaves the class's `permission_classes` (or the project's default) in force.
extension HandlerFinder {
    enum DRFPermissions: Equatable {
        /// Only `AllowAny`, or no permission at all: anyone may call the action.
        case open
        /// Some other permission class (`IsAuthenticated`, `IsAdminUser`, the project's own): it decides who may call.
        case guarded
        /// The class's `permission_classes`, or the project's default, decide.
        case inherited
    }

    /// The request an action answers: its name (`self.action`) and one HTTP method it serves (`self.request.method`),
    /// each nil when unknown.
    private struct DRFRequest {
        var action: String?
        var method: String?
    }

    /// The action (`self.action`) a method of a viewset runs for: its own name, or for a hook DRF runs inside an
    /// action, that action's (`perform_create` inside `create`); nil for hooks every action runs (`get_queryset`).
    private static func drfAction(named name: String) -> String? {
        switch name {
        case "perform_create": return "create"
        case "perform_update": return "update"
        case "perform_destroy": return "destroy"
        case "get_queryset", "get_object", "get_serializer_context": return nil
        default: return name
        }
    }

    /// The `get_permissions` method of class block `container`, if it defines one.
    func drfGetPermissions(in container: Int) -> Int? {
        lexed.blocks.indices.first { index in
            let block = lexed.blocks[index]
            return block.kind == .function && block.parent == container
                && block.nameRange.map { lexed.bytes[$0].elementsEqual("get_permissions".utf8) } == true
        }
    }

    /// What `get_permissions` (function block `method`) gives the action that function block `action` defines; nil
    /// when the method tests what gate cannot follow (`self.request.user.is_staff`) and its answers differ. An action
    /// serving several methods is open when any of them is.
    func drfPermissions(of action: Int, by method: Int) -> DRFPermissions? {
        guard let name = lexed.blocks[action].nameRange.map({ lexed.text($0) }) else { return nil }
        let methods = drfMethods(of: action, named: name)
        var verdicts: [DRFPermissions?] = []
        for httpMethod in methods.isEmpty ? [nil] : methods.map(Optional.some) {
            var assigned: [String: DRFPermissions] = [:]
            let request = DRFRequest(action: Self.drfAction(named: name), method: httpMethod)
            switch run(method, request: request, assigned: &assigned) {
            case .returned(let verdict): verdicts.append(verdict)
            case .unknown: verdicts.append(nil)
            // Fell off the end: Python returns None, which DRF cannot iterate; not a shape to judge.
            case .fellThrough: verdicts.append(nil)
            }
        }
        if verdicts.contains(.open) { return .open }
        if verdicts.allSatisfy({ $0 == .guarded }) { return .guarded }
        if verdicts.allSatisfy({ $0 == .inherited }) { return .inherited }
        return nil
    }

    /// The HTTP methods an action of a view serves, upper-cased: an `APIView`'s `post`, a viewset's `create`, an
    /// `@action(methods=["post"])` (GET when it names none), an `@api_view(["GET"])` function; empty when the name
    /// says none (`get_queryset`).
    func drfMethods(of action: Int, named name: String) -> [String] {
        let block = lexed.blocks[action]
        for cursor in block.headerStart..<block.openToken
        where lexed.token(cursor, is: "api_view") && lexed.token(cursor + 1, isPunctuation: Byte.openParen) && lexed.partner[cursor + 1] > cursor
        {
            let methods = ((cursor + 2)..<lexed.partner[cursor + 1]).filter { lexed.tokens[$0].kind == .string }
            return methods.isEmpty ? ["GET"] : methods.map { lexed.text($0).uppercased() }
        }
        for cursor in block.headerStart..<block.openToken
        where lexed.token(cursor, is: "action") && lexed.token(cursor + 1, isPunctuation: Byte.openParen) && lexed.partner[cursor + 1] > cursor
        {
            let close = lexed.partner[cursor + 1]
            guard let methods = ((cursor + 2)..<close).first(where: { lexed.token($0, is: "methods") && lexed.token($0 + 1, isPunctuation: Byte.equals) }),
                  lexed.partner[methods + 2] > methods + 2
            else { return ["GET"] }
            return ((methods + 3)..<lexed.partner[methods + 2]).filter { lexed.tokens[$0].kind == .string }.map { lexed.text($0).uppercased() }
        }
        switch name {
        case "get", "post", "put", "patch", "delete", "head", "options": return [name.uppercased()]
        case "list", "retrieve": return ["GET"]
        case "create", "perform_create": return ["POST"]
        case "update": return ["PUT"]
        case "partial_update": return ["PATCH"]
        case "perform_update": return ["PUT", "PATCH"]
        case "destroy", "perform_destroy": return ["DELETE"]
        default: return []
        }
    }

    private enum Outcome {
        case returned(DRFPermissions)
        case unknown
        case fellThrough
    }

    /// Runs the statements of block `block` for `request`: what the first `return` reached gives, `.unknown` at a
    /// condition or value gate cannot follow, `.fellThrough` when the block ends without returning. `assigned`: the
    /// permission lists assigned so far, by name (`permission_classes`, `self.permission_classes` alike).
    private func run(_ block: Int, request: DRFRequest, assigned: inout [String: DRFPermissions]) -> Outcome {
        let starts = statementStarts(of: block)
        var position = 0
        while position < starts.count {
            let start = starts[position]
            let end = position + 1 < starts.count ? starts[position + 1] - 1 : lexed.blocks[block].endToken
            position += 1
            if lexed.token(start, is: "return") {
                guard let verdict = value(of: (start + 1)...max(start + 1, end), request: request, assigned: assigned) else { return .unknown }
                return .returned(verdict)
            }
            if lexed.token(start, is: "if"), lexed.tokens[start].block >= 0, lexed.blocks[lexed.tokens[start].block].openToken == start {
                // The `if` and the `elif`s and `else` that follow it.
                var branches = [lexed.tokens[start].block]
                while position < starts.count, lexed.token(starts[position], is: "elif") || lexed.token(starts[position], is: "else"),
                      lexed.tokens[starts[position]].block >= 0
                {
                    branches.append(lexed.tokens[starts[position]].block)
                    position += 1
                }
                for branch in branches {
                    let keyword = lexed.blocks[branch].openToken
                    if !lexed.token(keyword, is: "else") {
                        guard let colon = headerColon(of: branch) else { return .unknown }
                        switch condition((keyword + 1)..<colon, request: request) {
                        case nil: return .unknown
                        case false?: continue
                        case true?: break
                        }
                    }
                    let outcome = run(branch, request: request, assigned: &assigned)
                    if case .fellThrough = outcome { break }
                    return outcome
                }
                continue
            }
            // `permission_classes = [AllowAny]`, `self.permission_classes = …`.
            var name = start
            if lexed.token(name, is: "self"), lexed.token(name + 1, isPunctuation: Byte.dot) { name += 2 }
            if lexed.tokens[name].kind == .identifier, lexed.token(name + 1, isPunctuation: Byte.equals),
               !lexed.token(name + 2, isPunctuation: Byte.equals), name + 2 <= end
            {
                assigned[lexed.text(name)] = value(of: (name + 2)...end, request: request, assigned: assigned)
            }
        }
        return .fellThrough
    }

    /// The first token of each statement in the body of block `block`: a line's first token directly in it, or the
    /// keyword of a compound statement nested in it; the one statement after the colon when the body shares the
    /// header's line.
    private func statementStarts(of block: Int) -> [Int] {
        guard let colon = headerColon(of: block), colon < lexed.blocks[block].endToken else { return [] }
        if lexed.tokens[colon + 1].line == lexed.tokens[colon].line { return [colon + 1] }
        return ((colon + 1)...lexed.blocks[block].endToken).filter { cursor in
            guard lexed.tokens[cursor].firstOnLine else { return false }
            let owner = lexed.tokens[cursor].block
            return owner == block || (owner >= 0 && lexed.blocks[owner].parent == block && lexed.blocks[owner].openToken == cursor)
        }
    }

    /// The colon that ends the header of a compound statement (`if self.action == "list":`), over brackets.
    func headerColon(of block: Int) -> Int? {
        var cursor = lexed.blocks[block].openToken + 1
        while cursor <= lexed.blocks[block].endToken {
            if lexed.partner[cursor] > cursor {
                cursor = lexed.partner[cursor] + 1
                continue
            }
            if lexed.token(cursor, isPunctuation: Byte.colon) { return cursor }
            cursor += 1
        }
        return nil
    }

    /// What a returned or assigned value gives: a list of permission classes or instances, one built from a list
    /// assigned before, `super().get_permissions()` or the class's `self.permission_classes`, or a conditional
    /// expression choosing one of them. Nil when it is none of these.
    private func value(of range: ClosedRange<Int>, request: DRFRequest, assigned: [String: DRFPermissions]) -> DRFPermissions? {
        // `A if condition else B`, at the value's own level.
        var cursor = range.lowerBound
        while cursor <= range.upperBound {
            if lexed.partner[cursor] > cursor {
                cursor = lexed.partner[cursor] + 1
                continue
            }
            if lexed.token(cursor, is: "if"), cursor > range.lowerBound,
               let otherwise = (cursor...range.upperBound).first(where: { lexed.token($0, is: "else") && lexed.tokens[$0].block == lexed.tokens[cursor].block })
            {
                guard let taken = condition((cursor + 1)..<otherwise, request: request) else { return nil }
                return taken
                    ? value(of: range.lowerBound...(cursor - 1), request: request, assigned: assigned)
                    : otherwise < range.upperBound ? value(of: (otherwise + 1)...range.upperBound, request: request, assigned: assigned) : nil
            }
            cursor += 1
        }
        if range.contains(where: { lexed.token($0, is: "super") }) { return .inherited }
        let first = range.lowerBound
        // `self.permission_classes` itself, or a name assigned before.
        if lexed.token(first, is: "self"), lexed.token(first + 2, is: "permission_classes"), first + 2 >= range.upperBound {
            return assigned["permission_classes"] ?? .inherited
        }
        if lexed.tokens[first].kind == .identifier, first == range.upperBound { return assigned[lexed.text(first)] }
        guard lexed.token(first, isPunctuation: Byte.openBracket) || lexed.token(first, isPunctuation: Byte.openParen),
              lexed.partner[first] > first
        else { return nil }
        let close = lexed.partner[first]
        // A comprehension over a list assigned before: `[permission() for permission in permission_classes]`.
        if let loop = ((first + 1)..<close).first(where: { lexed.token($0, is: "for") && lexed.tokens[$0].block == lexed.tokens[first + 1].block }),
           let source = ((loop + 1)..<close).first(where: { lexed.token($0, is: "in") })
        {
            var name = source + 1
            if lexed.token(name, is: "self"), lexed.token(name + 1, isPunctuation: Byte.dot) {
                name += 2
                if lexed.token(name, is: "permission_classes"), assigned["permission_classes"] == nil { return .inherited }
            }
            return name < close && lexed.tokens[name].kind == .identifier ? assigned[lexed.text(name)] : nil
        }
        // A list of classes or instances: open when every one is `AllowAny` (or there is none).
        let named = ((first + 1)..<close).filter { cursor in
            lexed.tokens[cursor].kind == .identifier && !lexed.token(cursor + 1, isPunctuation: Byte.dot)
        }
        return named.allSatisfy { lexed.token($0, is: "AllowAny") } ? .open : .guarded
    }

    /// Whether the condition in `range` holds for `request`: `self.action == "list"`, `self.action in ("list",
    /// "retrieve")`, `self.action not in self.public_actions`, `self.request.method in permissions.SAFE_METHODS`,
    /// joined by `and`/`or` and negated by `not`. Nil when it tests anything else.
    private func condition(_ range: Range<Int>, request: DRFRequest) -> Bool? {
        guard !range.isEmpty else { return nil }
        // `or` binds loosest, then `and`, then `not`.
        for (word, isOr) in [("or", true), ("and", false)] {
            let splits = topLevel(range).filter { lexed.text($0) == word }
            guard !splits.isEmpty else { continue }
            var parts: [Range<Int>] = []
            var start = range.lowerBound
            for split in splits {
                parts.append(start..<split)
                start = split + 1
            }
            parts.append(start..<range.upperBound)
            let values = parts.map { condition($0, request: request) }
            if isOr {
                if values.contains(true) { return true }
                return values.contains(nil) ? nil : false
            }
            if values.contains(false) { return false }
            return values.contains(nil) ? nil : true
        }
        if lexed.token(range.lowerBound, is: "not"), !lexed.token(range.lowerBound + 1, is: "in") {
            return condition((range.lowerBound + 1)..<range.upperBound, request: request).map { !$0 }
        }
        if lexed.token(range.lowerBound, isPunctuation: Byte.openParen), lexed.partner[range.lowerBound] == range.upperBound - 1 {
            return condition((range.lowerBound + 1)..<(range.upperBound - 1), request: request)
        }
        // The subject: `self.action`, `self.request.method` (or `request.method`), on either side of `==`.
        guard let subject = conditionSubject(at: range.lowerBound, request: request) else {
            // `"list" == self.action`.
            if lexed.tokens[range.lowerBound].kind == .string, let equality = comparison(at: range.lowerBound + 1),
               let subject = conditionSubject(at: range.lowerBound + 3, request: request), subject.end == range.upperBound - 1
            {
                guard let value = subject.value else { return nil }
                return subject.matches(lexed.text(range.lowerBound), value) == equality
            }
            return nil
        }
        guard let value = subject.value else { return nil }
        let operation = subject.end + 1
        if let equality = comparison(at: operation), operation + 2 == range.upperBound - 1, lexed.tokens[operation + 2].kind == .string {
            return subject.matches(lexed.text(operation + 2), value) == equality
        }
        let negated = lexed.token(operation, is: "not")
        let membership = negated ? operation + 1 : operation
        guard lexed.token(membership, is: "in"), let members = strings(of: (membership + 1)..<range.upperBound) else { return nil }
        let found = members.contains { subject.matches($0, value) }
        return negated ? !found : found
    }

    /// `==` (true) or `!=` (false) at token `index`, which the lexer gives as two tokens.
    private func comparison(at index: Int) -> Bool? {
        guard lexed.token(index + 1, isPunctuation: Byte.equals), lexed.tokens[index + 1].start == lexed.tokens[index].end else { return nil }
        if lexed.token(index, isPunctuation: Byte.equals) { return true }
        return lexed.token(index, isPunctuation: UInt8(ascii: "!")) ? false : nil
    }

    /// A condition's subject: what it has for the request (nil when the request does not say), its last token, and
    /// how a compared string matches it (methods in any case).
    private struct ConditionSubject {
        var value: String?
        var end: Int
        var isMethod: Bool

        func matches(_ text: String, _ value: String) -> Bool { isMethod ? text.uppercased() == value : text == value }
    }

    /// The subject of a condition starting at token `index`: `self.action`, `self.request.method` or
    /// `request.method`; nil when it starts none.
    private func conditionSubject(at index: Int, request: DRFRequest) -> ConditionSubject? {
        guard lexed.token(index, is: "self") || lexed.token(index, is: "request"), lexed.token(index + 1, isPunctuation: Byte.dot) else {
            return nil
        }
        if lexed.token(index, is: "self"), lexed.token(index + 2, is: "action") {
            return ConditionSubject(value: request.action, end: index + 2, isMethod: false)
        }
        var method = index + 2
        if lexed.token(index, is: "self") {
            guard lexed.token(method, is: "request"), lexed.token(method + 1, isPunctuation: Byte.dot) else { return nil }
            method += 2
        }
        guard lexed.token(method, is: "method") else { return nil }
        return ConditionSubject(value: request.method, end: method, isMethod: true)
    }

    /// The strings a membership test looks in: a literal list, tuple or set, DRF's `SAFE_METHODS`, or a list the
    /// class or module assigns (`public_actions = ["list", "retrieve"]`, tested as `self.public_actions`).
    private func strings(of range: Range<Int>) -> [String]? {
        guard !range.isEmpty else { return nil }
        let first = range.lowerBound
        if lexed.partner[first] == range.upperBound - 1, lexed.partner[first] > first {
            let inside = (first + 1)..<(range.upperBound - 1)
            guard inside.allSatisfy({ lexed.tokens[$0].kind == .string || lexed.token($0, isPunctuation: Byte.comma) }) else { return nil }
            return inside.filter { lexed.tokens[$0].kind == .string }.map { lexed.text($0) }
        }
        let name = range.upperBound - 1
        guard lexed.tokens[name].kind == .identifier else { return nil }
        if lexed.token(name, is: "SAFE_METHODS") { return ["GET", "HEAD", "OPTIONS"] }
        // `self.public_actions` or `public_actions`: its assignment at the start of a line.
        for cursor in lexed.tokens.indices where lexed.tokens[cursor].firstOnLine && lexed.tokens[cursor].kind == .identifier
            && lexed.text(cursor) == lexed.text(name) && lexed.token(cursor + 1, isPunctuation: Byte.equals)
            && lexed.partner[cursor + 2] > cursor + 2
        {
            return strings(of: (cursor + 2)..<(lexed.partner[cursor + 2] + 1))
        }
        return nil
    }

    /// The tokens of `range` outside the brackets in it.
    private func topLevel(_ range: Range<Int>) -> [Int] {
        var result: [Int] = []
        var cursor = range.lowerBound
        while cursor < range.upperBound {
            if lexed.partner[cursor] > cursor {
                cursor = lexed.partner[cursor] + 1
                continue
            }
            result.append(cursor)
            cursor += 1
        }
        return result
    }

    /// The permission list in effect for an action that only reads when it lets anyone read: the action's own
    /// (`@action(…, permission_classes=[…])`, `@permission_classes([…])`, among `ownDeclarations`) or else its class's
    /// (`permission_classes = [IsAuthenticatedOrReadOnly]`), when it holds only DRF's classes that let anonymous
    /// callers read (`IsAuthenticatedOrReadOnly`, `DjangoModelPermissionsOrAnonReadOnly`) and `AllowAny`. Nil when
    /// the list in effect is another, or none is declared (the project's default then decides).
    func drfReadOnlyOpenList(ownDeclarations: ClosedRange<Int>, container: Int?) -> ClosedRange<Int>? {
        var declared: Int?
        for cursor in ownDeclarations where lexed.token(cursor, is: "permission_classes") && declaredList(at: cursor) != nil {
            declared = cursor
            break
        }
        if declared == nil, let container {
            let block = lexed.blocks[container]
            declared = (block.openToken...block.endToken).first { cursor in
                lexed.tokens[cursor].firstOnLine && lexed.tokens[cursor].block == container
                    && lexed.token(cursor, is: "permission_classes") && declaredList(at: cursor) != nil
            }
        }
        guard let declared, let list = declaredList(at: declared) else { return nil }
        let classes = list.filter { cursor in lexed.tokens[cursor].kind == .identifier && !lexed.token(cursor + 1, isPunctuation: Byte.dot) }
        guard classes.contains(where: { HandlerFinder.letsAnyoneRead(lexed.text($0)) }),
              classes.allSatisfy({ lexed.token($0, is: "AllowAny") || HandlerFinder.letsAnyoneRead(lexed.text($0)) })
        else { return nil }
        return declared...list.upperBound
    }

    /// DRF's permission classes that let anonymous callers use the safe methods: `IsAuthenticatedOrReadOnly`,
    /// `DjangoModelPermissionsOrAnonReadOnly`.
    static func letsAnyoneRead(_ name: String) -> Bool { name.hasSuffix("OrReadOnly") || name.hasSuffix("OrAnonReadOnly") }

    /// The list `permission_classes` at `index` is given: `= […]`, `=(…)` in a call's keywords, `([…])` decorating.
    private func declaredList(at index: Int) -> ClosedRange<Int>? {
        var open = index + 1
        if lexed.token(open, isPunctuation: Byte.equals) || lexed.token(open, isPunctuation: Byte.openParen) { open += 1 }
        guard lexed.token(open, isPunctuation: Byte.openBracket) || lexed.token(open, isPunctuation: Byte.openParen),
              lexed.partner[open] > open
        else { return nil }
        return open...lexed.partner[open]
    }
}
