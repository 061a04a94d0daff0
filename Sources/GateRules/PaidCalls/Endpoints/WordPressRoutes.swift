import Foundation
import GateCore

/// WordPress's endpoints: AJAX actions anyone may call (`add_action('wp_ajax_nopriv_chat', 'handle_chat')`, and
/// `admin_post_nopriv_…` forms) and REST routes (`register_rest_route('ns/v1', '/chat', ['callback' => …,
/// 'permission_callback' => …])`). A `wp_ajax_…` action without `nopriv` runs for signed-in users only, so it is none.
/// A nonce (`check_ajax_referer`) is printed for every visitor and guards nothing; a REST route's
/// `permission_callback` guards by what it checks (`__return_true`, or none, lets anyone in).
extension HandlerFinder {
    func wordPressRoutes() -> [HTTPHandler] {
        guard lexed.language == .php, ByteSearch.containsFolded(lexed.bytes, Self.wordPressHooks) || ByteSearch.containsFolded(lexed.bytes, Self.restRoute)
        else { return [] }
        var result: [HTTPHandler] = []
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier {
            let isAction = lexed.token(index, is: "add_action")
            guard isAction || lexed.token(index, is: "register_rest_route"), lexed.token(index + 1, isPunctuation: Byte.openParen),
                  lexed.partner[index + 1] > index + 1, !lexed.token(index - 1, is: "function")
            else { continue }
            let close = lexed.partner[index + 1]
            let arguments = lexed.callArgumentItems((index + 1)...close)
            if isAction {
                guard arguments.count >= 2, let hook = stringText(arguments[0].lowerBound),
                      hook.hasPrefix("wp_ajax_nopriv_") || hook.hasPrefix("admin_post_nopriv_")
                else { continue }
                let body = callbackBody(arguments[1]) ?? arguments[1]
                result.append(HTTPHandler(
                    name: "AJAX \(hook)", statement: index...close, body: body, guardRanges: [body]))
            } else {
                guard arguments.count >= 3, let route = stringText(arguments[1].lowerBound) else { continue }
                let namespace = stringText(arguments[0].lowerBound) ?? ""
                let options = arguments[2]
                guard let callback = optionValue("callback", in: options) else { continue }
                let body = callbackBody(callback) ?? callback
                var guards = [body]
                // `'permission_callback' => '__return_true'` (or none at all) lets anyone in.
                if let permission = optionValue("permission_callback", in: options),
                   stringText(permission.lowerBound) != "__return_true"
                {
                    guards.append(callbackBody(permission) ?? permission)
                }
                let method = optionValue("methods", in: options).flatMap { stringText($0.lowerBound) }?.uppercased() ?? "ANY"
                let path = "/" + [namespace, route].map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "/")) }
                    .filter { !$0.isEmpty }.joined(separator: "/")
                result.append(HTTPHandler(
                    name: "\(method) \(path)", statement: index...close, body: body, guardRanges: guards, path: path))
            }
        }
        return result
    }

    private static let wordPressHooks = Array("_nopriv_".utf8)
    private static let restRoute = Array("register_rest_route".utf8)

    /// The text of the string token at `index`, or nil when it is none.
    private func stringText(_ index: Int) -> String? {
        lexed.tokens.indices.contains(index) && lexed.tokens[index].kind == .string ? lexed.text(index) : nil
    }

    /// The value of `'key' => value` among an array literal's tokens (`array(…)` or `[…]`), as its token range.
    private func optionValue(_ key: String, in range: ClosedRange<Int>) -> ClosedRange<Int>? {
        var open = range.lowerBound
        if lexed.token(open, is: "array") { open += 1 }
        guard lexed.token(open, isPunctuation: Byte.openParen) || lexed.token(open, isPunctuation: Byte.openBracket),
              lexed.partner[open] > open
        else { return nil }
        for element in lexed.callArgumentItems(open...lexed.partner[open]) {
            guard stringText(element.lowerBound) == key, lexed.token(element.lowerBound + 1, is: "=>"),
                  element.lowerBound + 2 <= element.upperBound
            else { continue }
            return (element.lowerBound + 2)...element.upperBound
        }
        return nil
    }

    /// The function a callback argument names, as its span: `'handle_chat'`, `[$this, 'handle_chat']`,
    /// `array(__CLASS__, 'handle_chat')` defined in this file, or a closure written in place (its own tokens).
    private func callbackBody(_ argument: ClosedRange<Int>) -> ClosedRange<Int>? {
        let name = stringText(argument.lowerBound)
            ?? (argument.lowerBound...argument.upperBound).last { lexed.tokens[$0].kind == .string }.map { lexed.text($0) }
        guard let name, !name.isEmpty else { return nil }
        for (block, info) in lexed.blocks.enumerated() where info.kind == .function {
            if let range = info.nameRange, lexed.text(range) == name { return lexed.span(of: block) }
        }
        return nil
    }
}

/// A plain PHP script is an endpoint of its own: the web server runs its top-level code for every request that names
/// it (`faq.php?q=…`), which it shows by reading the request there (`$_GET`, `$_POST`, `$_REQUEST`, `php://input`).
/// Files that declare a class or namespace are a framework's, read by its own finders.
extension HandlerFinder {
    func plainPHPScript() -> [HTTPHandler] {
        guard lexed.language == .php, let last = lexed.tokens.indices.last,
              // `Chat::class` names a class; only a declaration makes the file a framework's.
              !lexed.tokens.indices.contains(where: { index in
                  (lexed.token(index, is: "class") && !lexed.token(index - 1, is: "::")) || lexed.token(index, is: "namespace")
              }),
              let read = lexed.tokens.indices.first(where: { index in
                  (lexed.token(index, is: "$_GET") || lexed.token(index, is: "$_POST") || lexed.token(index, is: "$_REQUEST")
                      || (lexed.tokens[index].kind == .string && lexed.text(index) == "php://input"))
                      && lexed.enclosingFunction(of: index) < 0
              })
        else { return [] }
        let script = path.split(separator: "/").last.map(String.init) ?? path
        var handler = HTTPHandler(name: "script \(script)", statement: 0...last, body: 0...last, guardRanges: [0...last])
        handler.anchor = read
        return [handler]
    }
}
