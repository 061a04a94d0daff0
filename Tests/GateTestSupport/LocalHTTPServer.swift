import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 and an ephemeral port, in the test's own process: one connection at a time,
/// one request per connection (`Connection: close`). Every request is recorded; `respond` decides the answer.
public final class LocalHTTPServer: @unchecked Sendable {
    public struct Request: Sendable, Equatable {
        public var method: String
        /// The request target: path and query, as sent.
        public var path: String
        /// Header names lowercased.
        public var headers: [String: String]
    }

    public struct Response: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]

        public init(status: Int = 200, headers: [(String, String)] = [], body: [UInt8]) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        public static func json(_ object: Any, status: Int = 200, headers: [(String, String)] = []) -> Response {
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            return Response(status: status, headers: [("Content-Type", "application/json; charset=utf-8")] + headers,
                            body: Array(data))
        }
    }

    public struct ServerError: Error, CustomStringConvertible {
        public let description: String
    }

    /// `http://127.0.0.1:PORT`.
    public let url: String
    private let socketDescriptor: Int32
    private let respond: @Sendable (Request, String) -> Response
    private let lock = NSLock()
    private var recorded: [Request] = []
    private var stopped = false

    /// `respond` gets each request and the server's own URL (for Link headers).
    public init(respond: @escaping @Sendable (Request, String) -> Response) throws {
        self.respond = respond
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw ServerError(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            close(descriptor)
            throw ServerError(description: "bind/listen: errno \(errno)")
        }
        var actual = sockaddr_in()
        var actualLength = length
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &actualLength) }
        }
        socketDescriptor = descriptor
        url = "http://127.0.0.1:\(UInt16(bigEndian: actual.sin_port))"
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    deinit { stop() }

    /// Stops accepting; a blocked `accept` returns once the socket is shut down.
    public func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        lock.unlock()
        guard !wasStopped else { return }
        shutdown(socketDescriptor, Int32(SHUT_RDWR))
        close(socketDescriptor)
    }

    /// Every request served so far, in order.
    public var requests: [Request] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    private func serve() {
        while true {
            let connection = accept(socketDescriptor, nil, nil)
            if connection < 0 {
                lock.lock()
                let done = stopped
                lock.unlock()
                if done { return }
                continue
            }
            handle(connection)
            close(connection)
        }
    }

    private func handle(_ connection: Int32) {
        guard let request = readRequest(connection) else { return }
        lock.lock()
        recorded.append(request)
        lock.unlock()
        let response = respond(request, url)
        var head = "HTTP/1.1 \(response.status) \(response.status == 200 ? "OK" : "Status")\r\n"
        head += "Content-Length: \(response.body.count)\r\nConnection: close\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        write(connection, Array(head.utf8) + response.body)
    }

    /// The request line and headers (GET has no body to read).
    private func readRequest(_ connection: Int32) -> Request? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let end = Array("\r\n\r\n".utf8)
        var headerEnd = findEnd(bytes, end)
        while headerEnd == nil {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0, bytes.count < 1 << 20 else { return nil }
            bytes += buffer[0..<count]
            headerEnd = findEnd(bytes, end)
        }
        let lines = String(decoding: bytes[..<(headerEnd ?? bytes.count)], as: UTF8.self).components(separatedBy: "\r\n")
        let parts = (lines.first ?? "").split(separator: " ")
        guard parts.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Request(method: String(parts[0]), path: String(parts[1]), headers: headers)
    }

    private func findEnd(_ bytes: [UInt8], _ end: [UInt8]) -> Int? {
        guard bytes.count >= end.count else { return nil }
        for index in 0...(bytes.count - end.count) where bytes[index..<index + end.count].elementsEqual(end) {
            return index
        }
        return nil
    }

    private func write(_ connection: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return }
            offset += sent
        }
    }
}
