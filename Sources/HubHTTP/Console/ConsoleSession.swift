import Foundation
import Logging
import HTTPTypes
import Hub
import Hummingbird
import NIOCore

/// Resolves the console's session cookie to the person signed in (`HubRequestContext.signedIn`); pages that need
/// one redirect to the sign-in page themselves.
struct ConsoleSessionMiddleware: RouterMiddleware {
    typealias Context = HubRequestContext
    let accounts: Accounts

    func handle(_ request: Request, context: HubRequestContext, next: (Request, HubRequestContext) async throws -> Response) async throws
        -> Response
    {
        var context = context
        if let token = request.cookies[ConsoleCookies.session]?.value, let signedIn = try await accounts.session(token: token) {
            context.signedIn = signedIn
            context.principal = signedIn.principal
            context.logger[metadataKey: "caller"] = "\(signedIn.principal.actor)"
        }
        return try await next(request, context)
    }
}

/// The console's cookies: names and flags in one place.
enum ConsoleCookies {
    /// The session token (`HttpOnly`, `SameSite=Lax`, `Secure` behind TLS).
    static let session = "hermine_session"
    /// The sign-in form's token before there is a session (double submit: the cookie and the form must agree).
    static let signInToken = "hermine_signin"
    /// The chosen language.
    static let language = "hermine_lang"

    static func session(_ token: String, maxAge: Int, secure: Bool) -> Cookie {
        Cookie(name: session, value: token, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    static func endedSession(secure: Bool) -> Cookie {
        Cookie(name: session, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    static func signInToken(_ token: String, secure: Bool) -> Cookie {
        Cookie(name: signInToken, value: token, maxAge: 3600, path: "/sign-in", secure: secure, httpOnly: true, sameSite: .strict)
    }

    static func language(_ language: ConsoleLanguage, secure: Bool) -> Cookie {
        Cookie(name: Self.language, value: language.rawValue, maxAge: 365 * 86_400, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}

/// A form posted as `application/x-www-form-urlencoded`, or the fields of a `multipart/form-data` one.
struct ConsoleForm {
    private(set) var fields: [String: [String]] = [:]

    /// The first value of `name`, trimmed; nil when absent or empty.
    subscript(name: String) -> String? {
        guard let value = fields[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// Every value of `name`.
    func all(_ name: String) -> [String] { fields[name] ?? [] }

    init(fields: [String: [String]]) { self.fields = fields }

    /// Reads an urlencoded body of at most `limit` bytes.
    static func read(_ request: Request, limit: Int = 64 * 1024) async throws -> ConsoleForm {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch {
            throw HTTPError(.contentTooLarge, message: "a form has at most \(limit / 1024) KB")
        }
        return ConsoleForm(urlencoded: String(decoding: buffer.readableBytesView, as: UTF8.self))
    }

    /// Parses `a=1&b=x+y`.
    init(urlencoded text: String) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            let name = decode(parts[0])
            fields[name, default: []].append(parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// Whether the form's `_csrf` field is `expected` (compared in constant time).
    func carries(token expected: String) -> Bool {
        guard let given = fields["_csrf"]?.first else { return false }
        let a = Array(given.utf8), b = Array(expected.utf8)
        guard a.count == b.count, !b.isEmpty else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
