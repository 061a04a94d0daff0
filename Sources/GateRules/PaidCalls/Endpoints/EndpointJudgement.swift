import GateCode
import GateCore

/// The endpoint rule's verdicts on a changed file's handlers that reach a paid call, judged once per file: the
/// endpoint rule reports the open ones, and `paid-call-reach` the guarded routes the change adds that reach a paid
/// call only through the existing function or controller action they name (`Route::post('/demo/summary',
/// [SummaryController::class, 'store'])->middleware('throttle:5,1')`): the route line is the change that makes the
/// paid call reachable, though it calls nothing itself.
struct EndpointJudgement: Sendable {
    /// A guarded route the change adds, naming a function or action that reaches a paid call.
    struct NewRoute: Sendable {
        /// The route (`POST /demo/summary`).
        var name: String
        /// The line naming the function or action.
        var line: Int
        var reach: PaidReach
    }

    var findings: [Finding]
    var guardedNewRoutes: [NewRoute]
    /// The code index it was judged through: a file judged again through another (the code as it was, or with a
    /// guard helper disarmed) is judged afresh.
    var index: ObjectIdentifier? = nil

    static let none = EndpointJudgement(findings: [], guardedNewRoutes: [])

    static func of(_ file: SourceFile, context: DetectionContext) -> EndpointJudgement {
        let index = context.code.map(ObjectIdentifier.init)
        func judge() -> EndpointJudgement {
            var judgement = UnprotectedEndpointDetector().judge(file, context: context)
            judgement.index = index
            return judgement
        }
        let remembered = file.memo.value(for: ObjectIdentifier(EndpointJudgement.self), compute: judge)
        return remembered.index == index ? remembered : judge()
    }
}
