import GateCode
import GateCore

/// Trigger.dev retries a task whose run throws as its `retry: { maxAttempts: N }` says, and a task without `retry`
/// as the project's `trigger.config.ts` says (`retries: { default: { maxAttempts: N } }`, read once per run by the
/// code index); a project that configures no default does not retry. Tasks are `task({ id, run })`,
/// `schemaTask({ … })` and scheduled `schedules.task({ … })`, in files that import the SDK (`@trigger.dev/sdk`).
extension RetryScanner {
    private static let sdkWord = Array("trigger.dev".utf8)

    func triggerDevRetries() -> [RetryConstruct] {
        // The SDK is imported at the top (`import { task } from "@trigger.dev/sdk/v3"`).
        guard lexed.language.isJavaScriptLike, ByteSearch.containsFolded(lexed.bytes, Self.sdkWord, within: 4_096) else { return [] }
        var result: [RetryConstruct] = []
        for index in lexed.tokens.indices
        where (lexed.token(index, is: "task") || lexed.token(index, is: "schemaTask"))
            && (!lexed.token(index - 1, isPunctuation: Byte.dot) || lexed.token(index - 2, is: "schedules"))
            && lexed.token(index + 1, isPunctuation: Byte.openParen) && lexed.partner[index + 1] > index + 1
            && lexed.token(index + 2, isPunctuation: Byte.openBrace) && lexed.partner[index + 2] > index + 2
        {
            let arguments = (index + 1)...lexed.partner[index + 1]
            let options = index + 2
            let retry = ((options + 1)..<lexed.partner[options]).first { cursor in
                lexed.token(cursor, is: "retry") && lexed.token(cursor + 1, isPunctuation: Byte.colon)
                    && isTopLevel(cursor, inGroupOpenedAt: options)
            }
            if let retry {
                // The task's own setting, when it gives a number (a `retry` without `maxAttempts` is not judged).
                guard lexed.token(retry + 2, isPunctuation: Byte.openBrace), lexed.partner[retry + 2] > retry + 2,
                      let key = ((retry + 3)..<lexed.partner[retry + 2]).first(where: { cursor in
                          lexed.token(cursor, is: "maxAttempts") && lexed.token(cursor + 1, isPunctuation: Byte.colon)
                      }),
                      let attempts = lexed.integer(key + 2) ?? lexed.constantInteger(key + 2)
                else { continue }
                result.append(RetryConstruct(
                    kind: "Trigger.dev task retries", line: lexed.tokens[key].line, scope: arguments, attempts: attempts))
            } else if let configured = projectJobRetries("Trigger.dev") {
                result.append(RetryConstruct(
                    kind: "\(configured.setting) (\(configured.path))", line: lexed.tokens[index].line, scope: arguments,
                    attempts: configured.attempts))
            }
        }
        return result
    }
}
