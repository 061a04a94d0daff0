/// The one threshold every retry the paid-retry rule reads is judged by: the attempts it allows in all (the first
/// try and its retries), above the policy's bound (3 by default), or no bound at all.
///
/// A library's default is judged as if it were written out: Polly's, axios-retry's, retry-axios's, .NET's standard
/// resilience handler's and Ktor's 3 retries are 4 attempts, above the default bound, while got's, ky's and Faraday's
/// 2 retries and resilience4j's and Spring's `@Retryable` 3 attempts are within it. No library's default is taken as
/// bounded because it is a default.
enum RetryBound {
    /// Whether retries allowing `attempts` attempts (nil: no bound) exceed `bound` attempts.
    static func exceeded(attempts: Int?, bound: Int) -> Bool { attempts.map { $0 > bound } ?? true }
}
