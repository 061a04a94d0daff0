import Foundation
import GateCode

/// The endpoints a file's unprotected-endpoint findings report, kept with the file for `PhoenixEndpointsReportedOnce`:
/// route lines of a router naming an action elsewhere (Phoenix's, and Rails', Django's, Flask's and Starlette's
/// judged where their view is defined) by the action each reaches first, and the actions and views of the other files
/// (controllers, LiveViews, views) by their lines.
final class PhoenixEndpointsReported: @unchecked Sendable {
    struct RouteLine {
        var site: FindingSite
        /// The action the route's paid chain starts at: its file and line.
        var action: (path: String, line: Int)
    }

    private let lock = NSLock()
    private var routeLines: [RouteLine] = []
    private var actions: [(path: String, lines: ClosedRange<Int>)] = []

    func insert(route: RouteLine) { lock.withLock { routeLines.append(route) } }
    func insert(actionIn path: String, lines: ClosedRange<Int>) { lock.withLock { actions.append((path, lines)) } }
    var all: (routes: [RouteLine], actions: [(path: String, lines: ClosedRange<Int>)]) { lock.withLock { (routeLines, actions) } }
}

/// One endpoint, one finding: a change adding a controller action or view that calls a paid API and the route to it
/// (a Phoenix or Rails router line, a Django URLconf line) in an open scope is reported on the action (where the paid
/// call was added), not a second time on the route line.
public struct PhoenixEndpointsReportedOnce: ChangeAnalyzer {
    private var routeLines: [PhoenixEndpointsReported.RouteLine] = []
    private var actions: [(path: String, lines: ClosedRange<Int>)] = []

    public init() {}

    public mutating func observe(_ file: SourceFile, context: DetectionContext) {
        // Only Elixir, Ruby and Python files hold either: the rest are not asked for a memo.
        guard let language = file.language, UnprotectedEndpointDetector.routesNameActionsElsewhere(language) else { return }
        let reported = file.memo.value(for: ObjectIdentifier(PhoenixEndpointsReported.self)) { PhoenixEndpointsReported() }.all
        routeLines += reported.routes
        actions += reported.actions
    }

    public func finish(head: any HeadTree, context: DetectionContext) throws -> ChangeAnalysisResult {
        let replaced = routeLines.filter { route in
            actions.contains { $0.path == route.action.path && $0.lines.contains(route.action.line) }
        }.map(\.site)
        return ChangeAnalysisResult(replaced: Set(replaced))
    }
}
