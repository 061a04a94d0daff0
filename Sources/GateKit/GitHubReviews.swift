import Foundation
import GateApprovals
import GateCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Reads a pull request's reviews through GitHub's REST API (`GET /repos/{repo}/pulls/{n}/reviews`), every page.
///
/// The only code in gate that talks to GitHub from Swift. URLSession is FoundationNetworking's on Linux (libcurl
/// underneath; `scripts/dist` ships the system libcurl beside the binary). Every request is bounded in time, and
/// the token goes in the `Authorization` header only: no error this type throws contains it.
struct GitHubReviewsClient {
    static let defaultAPIURL = "https://api.github.com"
    /// Bounds on one request and on the whole listing, so a hung API cannot hold a check for long.
    static let requestTimeout: TimeInterval = 10
    static let listingTimeout: TimeInterval = 60
    /// 100 reviews a page; a pull request with more than 5,000 reviews is not read to its end, and says so.
    static let maxPages = 50

    var apiURL: URL
    var repository: String
    var number: Int
    var token: String

    /// What a check needs to read the reviews of the pull request it runs for, from the runner's environment; the
    /// error names what is missing.
    static func fromEnvironment(_ environment: [String: String]) throws(GateKitError) -> GitHubReviewsClient {
        // GATE_GITHUB_TOKEN wins, so a workflow can hand gate a token other than the job's own.
        guard let token = ["GATE_GITHUB_TOKEN", "GITHUB_TOKEN"].lazy.compactMap({ environment[$0] }).first(where: { !$0.isEmpty })
        else {
            throw .githubAPI("no token: set GITHUB_TOKEN (or GATE_GITHUB_TOKEN) in the check step's env, with pull-requests: read")
        }
        guard let number = PullRequestBase.numberFromEvent(environment) else {
            throw .githubAPI(
                "no pull request: GitHub reviews are read only under GitHub Actions for a pull_request, pull_request_target or pull_request_review event (pull_request.number in GITHUB_EVENT_PATH)")
        }
        guard let repository = environment["GITHUB_REPOSITORY"], repository.split(separator: "/").count == 2 else {
            throw .githubAPI("no repository: GITHUB_REPOSITORY is not set to owner/name")
        }
        let api = environment["GITHUB_API_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultAPIURL
        guard let apiURL = URL(string: api), ["http", "https"].contains(apiURL.scheme ?? ""), apiURL.host != nil else {
            throw .githubAPI("GITHUB_API_URL is not an http(s) URL: \(api)")
        }
        return GitHubReviewsClient(apiURL: apiURL, repository: repository, number: number, token: token)
    }

    /// The first page's address.
    var firstPage: URL {
        var path = apiURL.absoluteString
        while path.hasSuffix("/") { path.removeLast() }
        return URL(string: "\(path)/repos/\(repository)/pulls/\(number)/reviews?per_page=100") ?? apiURL
    }

    /// Every review of the pull request, oldest first, following the `Link` header's `next` on the API's own host.
    func reviews() throws(GateKitError) -> [PullRequestReview] {
        let deadline = Date().addingTimeInterval(Self.listingTimeout)
        var reviews: [PullRequestReview] = []
        var next: URL? = firstPage
        var pages = 0
        while let page = next {
            pages += 1
            guard pages <= Self.maxPages else {
                throw .githubAPI("the pull request has more than \(Self.maxPages * 100) reviews; gate reads no further")
            }
            guard page.host == apiURL.host, page.port == apiURL.port, page.scheme == apiURL.scheme else {
                // The token goes to the API it was given for, nowhere else.
                throw .githubAPI("the next page of reviews is on another host (\(page.host ?? "?")); not following it")
            }
            let (data, link) = try get(page, deadline: deadline)
            reviews += try Self.decodeReviews(data, page: pages)
            next = link.flatMap(Self.nextPage(linkHeader:))
        }
        return reviews
    }

    /// One page: its body and `Link` header. Anything but a 200 is an error naming the status and GitHub's message.
    private func get(_ url: URL, deadline: Date) throws(GateKitError) -> (Data, String?) {
        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else { throw .githubAPI("reading the reviews took longer than \(Int(Self.listingTimeout)) s") }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: min(Self.requestTimeout, remaining))
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/vnd.github+json", forHTTPHeaderField: "Accept")
        request.setValue("2022-11-28", forHTTPHeaderField: "X-GitHub-Api-Version")
        request.setValue("gate", forHTTPHeaderField: "User-Agent")
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = min(Self.requestTimeout, remaining)
        configuration.timeoutIntervalForResource = remaining
        let session = URLSession(configuration: configuration, delegate: SameOriginRedirects(origin: apiURL), delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        let exchange = Exchange()
        session.dataTask(with: request) { data, response, error in
            exchange.finish(data: data, response: response, error: error)
        }.resume()
        let (data, response, error) = exchange.wait()
        if let error {
            throw .githubAPI(redacted("cannot reach \(url.host ?? "the GitHub API"): \(error.localizedDescription)"))
        }
        guard let http = response as? HTTPURLResponse else { throw .githubAPI("no HTTP response from \(url.host ?? "the GitHub API")") }
        guard http.statusCode == 200 else {
            let message = (data.flatMap { try? JSONSerialization.jsonObject(with: $0) } as? [String: Any])?["message"] as? String
            throw .githubAPI(redacted(
                "GET \(url.path) answered HTTP \(http.statusCode)\(message.map { ": \(String($0.prefix(200)))" } ?? "")"))
        }
        return (data ?? Data(), http.value(forHTTPHeaderField: "Link"))
    }

    /// A message with the token replaced by its redacted form, should any server or library ever echo it.
    private func redacted(_ message: String) -> String {
        token.isEmpty ? message : message.replacingOccurrences(of: token, with: Redaction.redact(token))
    }

    /// The reviews of one page in GitHub's documented shape; anything else is an error.
    static func decodeReviews(_ data: Data, page: Int) throws(GateKitError) -> [PullRequestReview] {
        guard let items = (try? JSONSerialization.jsonObject(with: data)) as? [Any] else {
            throw .githubAPI("page \(page) of the reviews is not a JSON array of reviews")
        }
        var reviews: [PullRequestReview] = []
        for item in items {
            guard let review = item as? [String: Any], let id = review["id"] as? Int, let state = review["state"] as? String
            else { throw .githubAPI("page \(page) of the reviews holds an entry without id and state") }
            // A deleted account's review has user null; it can be nobody's approval.
            guard let user = review["user"] as? [String: Any], let login = user["login"] as? String else { continue }
            reviews.append(PullRequestReview(
                id: id, login: login, isBot: user["type"] as? String == "Bot", state: state,
                commit: review["commit_id"] as? String, submittedAt: review["submitted_at"] as? String))
        }
        return reviews
    }

    /// The `rel="next"` target of a `Link` header (`<https://…?page=2>; rel="next", <…>; rel="last"`), or nil.
    static func nextPage(linkHeader: String) -> URL? {
        for link in linkHeader.split(separator: ",") {
            let parts = link.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let target = parts.first, target.hasPrefix("<"), target.hasSuffix(">") else { continue }
            let relations = parts.dropFirst().compactMap { parameter -> [Substring]? in
                let pair = parameter.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "rel" else { return nil }
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\" ")).split(separator: " ")
            }.flatMap { $0 }
            if relations.contains(where: { $0.lowercased() == "next" }) {
                return URL(string: String(target.dropFirst().dropLast()))
            }
        }
        return nil
    }
}

/// Follows a redirect (GitHub's for a renamed repository) only on the API's own scheme, host and port: URLSession
/// would carry the `Authorization` header along, and the token goes nowhere else. A refused redirect is answered
/// with the 3xx itself, which `get` reports as an error.
private final class SameOriginRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    let origin: URL

    init(origin: URL) { self.origin = origin }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        let target = request.url
        let sameOrigin = target?.scheme == origin.scheme && target?.host == origin.host && target?.port == origin.port
        completionHandler(sameOrigin ? request : nil)
    }
}

/// One request's outcome handed from URLSession's delegate queue to the waiting caller.
private final class Exchange: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: (Data?, URLResponse?, (any Error)?) = (nil, nil, nil)

    func finish(data: Data?, response: URLResponse?, error: (any Error)?) {
        result = (data, response, error)
        done.signal()
    }

    /// The request's timeouts end it, so this wait ends too.
    func wait() -> (Data?, URLResponse?, (any Error)?) {
        done.wait()
        return result
    }
}
