import GateCode

/// One job's enqueue calls, whichever queue library's verb they use: a change that moves a job from one library to
/// another (ActiveJob's `SummaryJob.perform_later(id)` to Sidekiq's `SummaryJob.perform_async(id)`, Laravel's
/// `SummarizeJob::dispatch($id)` to `dispatchSync`, Celery's `summarize.delay(id)` to `summarize.apply_async(args=[id])`)
/// enqueues the same work as often as before. PreexistingPaidSites pairs such calls by the job they enqueue.
enum JobEnqueueCallees {
    /// Verbs that enqueue (or run) one job's work once. Sidekiq's `perform_bulk` enqueues many, and is not one.
    private static let verbs = WordSet([
        "perform_later", "perform_async", "perform_in", "perform_at", "dispatch", "dispatchSync", "dispatch_sync",
        "dispatchAfterResponse", "delay", "apply_async", "add",
    ])

    /// Option calls between the job and its verb (`SummaryJob.set(wait: 5.minutes).perform_later(id)`, Laravel's
    /// `SummarizeJob::dispatch($id)->onQueue('ai')` is after it), which say nothing of which job it is.
    private static let optionCalls: Set<String> = ["set", "delay", "onQueue"]

    /// The job the call named at token `index` enqueues, when that name is an enqueue verb: its receiver chain past
    /// any option call (`SummaryJob`, `this.summarizeQueue`, `summarize`), or the class a receiver-less call is given
    /// made in place (Laravel's `dispatch(new SummarizeJob($id))`); nil for any other name, or a verb with neither.
    static func job(enqueuedAt index: Int, in lexed: LexedSource) -> String? {
        let token = lexed.tokens[index]
        guard token.kind == .identifier, verbs.contains(lexed.bytes[token.start..<token.end]) else { return nil }
        var receiver = FactExtractor.receiverChain(lexed, before: index)
        while let last = receiver.last, receiver.count > 1, optionCalls.contains(last) { receiver.removeLast() }
        if !receiver.isEmpty { return receiver.joined(separator: ".") }
        guard lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.token(index + 2, is: "new"),
              index + 3 < lexed.tokens.count, lexed.tokens[index + 3].kind == .identifier
        else { return nil }
        return lexed.text(index + 3)
    }
}
