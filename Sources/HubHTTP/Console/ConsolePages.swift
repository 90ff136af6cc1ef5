public import Foundation
import HTTPTypes
import Hub
import Hummingbird
import InvoiceModel
import Mustache
import NIOCore

/// The console's templates (`templates/web/*.mustache`), words and static files, loaded once at start.
public struct ConsolePages: Sendable {
    let library: MustacheLibrary
    let strings: ConsoleStrings
    /// The advice given with each finding, by rule family.
    let advice: FixAdvice
    /// The files of `templates/web/assets/`, by name, with their media type.
    let assets: [String: (type: String, bytes: Data)]

    /// The policy every page is sent with: scripts, styles and images from the hub only, no inline script.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// Loads `templates/web/` under `root` (the project's, as `formats/` is found, by default).
    /// - Throws: `ResourceError` naming the file that is missing or does not parse.
    public static func load(root: URL? = nil) async throws -> ConsolePages {
        let folder = try (root ?? Resources.root()).appendingPathComponent("templates/web")
        let library: MustacheLibrary
        do { library = try await MustacheLibrary(directory: folder.path) } catch {
            throw ResourceError.malformed(file: folder.path, line: 0, reason: "a template does not parse: \(error)")
        }
        let strings = try ConsoleStrings(file: folder.appendingPathComponent("strings.tsv"))
        let advice = try FixAdvice(file: folder.appendingPathComponent("fix-advice.tsv"), strings: strings)
        var assets: [String: (String, Data)] = [:]
        let assetFolder = folder.appendingPathComponent("assets")
        let types = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml"]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: assetFolder.path)) ?? [] {
            guard let type = types[(name as NSString).pathExtension] else { continue }
            assets[name] = (type, try Data(contentsOf: assetFolder.appendingPathComponent(name)))
        }
        return ConsolePages(library: library, strings: strings, advice: advice, assets: assets)
    }

    /// A page: `template` rendered with `values` over the view's common values (language, words, user, form token).
    func render(_ template: String, _ values: [String: Any], view: ConsoleView, status: HTTPResponse.Status = .ok) -> Response {
        var context = view.common(strings)
        for (key, value) in values { context[key] = value }
        let html = library.render(context, withTemplate: template) ?? "template \(template) is missing"
        return Self.html(html, status: status, cookies: view.cookies)
    }

    /// An HTML answer with the console's security headers.
    static func html(_ html: String, status: HTTPResponse.Status, cookies: [Cookie] = []) -> Response {
        var response = Response(
            status: status, headers: securityHeaders(contentType: "text/html; charset=utf-8"),
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }

    /// A 303 to `location` (after a form, and to the sign-in page).
    static func redirect(_ location: String, cookies: [Cookie] = []) -> Response {
        var headers = securityHeaders(contentType: "text/plain; charset=utf-8")
        headers[.location] = location
        var response = Response(status: .seeOther, headers: headers)
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }

    /// The headers of every console answer.
    static func securityHeaders(contentType: String) -> HTTPFields {
        [
            .contentType: contentType,
            .contentSecurityPolicy: contentSecurityPolicy,
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            HTTPField.Name("X-Frame-Options")!: "DENY",
            HTTPField.Name("Referrer-Policy")!: "same-origin",
            .cacheControl: "no-store",
        ]
    }

    /// A static file of `assets/`, cached by the browser for an hour.
    func asset(_ name: String) -> Response? {
        guard let (type, bytes) = assets[name] else { return nil }
        var headers = Self.securityHeaders(contentType: type)
        headers[.cacheControl] = "public, max-age=3600"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// What every page of one request shares: who is signed in, the language, the path (for the language switch).
struct ConsoleView {
    let signedIn: Accounts.SignedIn?
    let language: ConsoleLanguage
    let path: String
    /// Cookies to set with the page (a new language, a new sign-in form token).
    var cookies: [Cookie] = []
    /// The sign-in form's token when there is no session yet.
    var formToken: String?

    /// The values every template may use.
    func common(_ strings: ConsoleStrings) -> [String: Any] {
        var values: [String: Any] = [
            "lang": language.rawValue,
            "t": strings.words(language),
            "otherLanguage": language.other.rawValue,
            "otherLanguageName": language.other.name,
            "languageHref": "/language?to=\(language.other.rawValue)&back=\(Self.queryEscaped(path))",
        ]
        if let signedIn {
            let role = signedIn.principal.role
            values["user"] = [
                "email": signedIn.user.email, "organisation": signedIn.principal.organisation.name,
                "role": strings.word("role_\(role.rawValue)", language),
            ]
            values["csrf"] = signedIn.csrfToken
            values["isSupplier"] = role == .supplier
            values["isBuyer"] = role == .buyer
            values["isOperator"] = role == .operator
        } else if let formToken {
            values["csrf"] = formToken
        }
        return values
    }

    /// `text` for a query string's value.
    static func queryEscaped(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
