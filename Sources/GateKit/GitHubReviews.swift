import CHTTP
import Foundation
import GateApprovals
import GateCore

/// Reads a pull request's reviews through GitHub's REST API (`GET /repos/{repo}/pulls/{n}/reviews`), every page.
///
/// The only code in gate that talks to GitHub from Swift, through CHTTP (libcurl, loaded on the first request;
/// `scripts/dist` ships the system libcurl beside the binary). Every request is bounded in time, and the token goes
/// in the `Authorization` header only: no error this type throws contains it.
struct GitHubReviewsClient {
    static let defaultAPIURL = "https://api.github.com"
    /// Bounds on one request and on the whole listing, so a hung API cannot hold a check for long.
    static let requestTimeout: TimeInterval = 10
    static let listingTimeout: TimeInterval = 60
    /// 100 reviews a page; a pull request with more than 5,000 reviews is not read to its end, and says so.
    static let maxPages = 50
    static let maxRedirects = 5
    /// A page of 100 reviews is some 200 KB; a body far larger is no page of GitHub's.
    static let maxPageBytes = 32 << 20

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
    /// A redirect is followed only on the API's own scheme, host and port (GitHub's for a renamed repository): the
    /// `Authorization` header goes along, and the token goes nowhere else. A refused one is reported as its 3xx.
    private func get(_ url: URL, deadline: Date) throws(GateKitError) -> (Data, String?) {
        var target = url
        for _ in 0...Self.maxRedirects {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw .githubAPI("reading the reviews took longer than \(Int(Self.listingTimeout)) s") }
            let headers = [
                "Authorization: Bearer \(token)", "Accept: application/vnd.github+json", "X-GitHub-Api-Version: 2022-11-28",
                "User-Agent: gate",
            ]
            let response = HTTPResponse(
                get: target.absoluteString, headers: headers, timeout: min(Self.requestTimeout, remaining), maxBody: Self.maxPageBytes)
            if let error = response.error {
                throw .githubAPI(redacted(
                    response.libraryMissing ? error : "cannot reach \(target.host ?? "the GitHub API"): \(error)"))
            }
            if (300..<400).contains(response.status), let location = response.location.flatMap(URL.init(string:)),
               location.scheme == apiURL.scheme, location.host == apiURL.host, location.port == apiURL.port
            {
                target = location
                continue
            }
            guard response.status == 200 else {
                let message = (try? JSONSerialization.jsonObject(with: response.body) as? [String: Any])?["message"] as? String
                throw .githubAPI(redacted(
                    "GET \(target.path) answered HTTP \(response.status)\(message.map { ": \(String($0.prefix(200)))" } ?? "")"))
            }
            return (response.body, response.link)
        }
        throw .githubAPI("GET \(url.path) was redirected more than \(Self.maxRedirects) times")
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

/// One response of CHTTP's `gate_http_get`, copied out of the C buffers it owns.
private struct HTTPResponse {
    var status = 0
    var body = Data()
    var link: String?
    var location: String?
    /// Why no response arrived, or nil.
    var error: String?
    /// Whether libcurl itself could not be loaded (then `error` says why).
    var libraryMissing = false

    init(get url: String, headers: [String], timeout: TimeInterval, maxBody: Int) {
        var response = gate_http_response()
        defer { gate_http_response_free(&response) }
        let copies = headers.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        let outcome = pointers.withUnsafeBufferPointer { headers in
            gate_http_get(url, headers.baseAddress, Int32(headers.count), Int(timeout * 1000), maxBody, &response)
        }
        guard outcome == 0 else {
            error = withUnsafeBytes(of: response.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            libraryMissing = outcome == -2
            return
        }
        status = response.status
        if let bytes = response.body { body = Data(bytes: bytes, count: response.body_length) }
        link = response.link.map { String(cString: $0) }
        location = response.location.map { String(cString: $0) }
    }
}
