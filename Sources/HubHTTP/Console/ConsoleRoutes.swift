import Foundation
import Logging
import HTTPTypes
public import Hub
import Hummingbird
import InvoiceIntake
import InvoiceMapping
import InvoiceModel
import InvoiceRules
import NIOCore

/// What the web console needs beside the API's services.
public struct ConsoleConfiguration: Sendable {
    /// Who signs in.
    public var accounts: Accounts
    /// The templates, words and static files.
    public var pages: ConsolePages
    /// Whether cookies carry `Secure` (the hub is reached over TLS).
    public var secureCookies: Bool

    /// Creates a configuration.
    public init(accounts: Accounts, pages: ConsolePages, secureCookies: Bool = false) {
        self.accounts = accounts
        self.pages = pages
        self.secureCookies = secureCookies
    }
}

/// The web console: server-rendered pages for suppliers, buyers and operators, each usable without JavaScript.
///
/// Every page needs a session but the sign-in page; a page or invoice the person may not see answers 404, as the
/// API does; every form carries the session's token (`_csrf`), checked before anything is done.
struct ConsoleRoutes {
    let services: HubServices
    let console: ConsoleConfiguration
    let maximumBodySize: Int

    var pages: ConsolePages { console.pages }

    func register(on router: Router<HubRequestContext>) {
        let group = router.group().add(middleware: ConsoleSessionMiddleware(accounts: console.accounts))
        group.get("/", use: home)
        group.get("sign-in", use: signInPage)
        group.post("sign-in", use: signIn)
        group.post("sign-out", use: signOut)
        group.get("language", use: language)
        group.get("assets/{name}", use: asset)
        group.get("invoices", use: list)
        group.get("invoices/new", use: depositPage)
        group.post("invoices/new", use: deposit)
        group.get("invoices/{id}", use: invoice)
        group.get("invoices/{id}/download/{format}", use: download)
        group.post("invoices/{id}/status", use: changeStatus)
        registerOperations(on: group)
    }

    // MARK: Common

    func view(_ request: Request, _ context: HubRequestContext) -> ConsoleView {
        let language = request.cookies[ConsoleCookies.language].flatMap { ConsoleLanguage(rawValue: $0.value) } ?? .fr
        return ConsoleView(signedIn: context.signedIn, language: language, path: request.uri.description)
    }

    /// The answer to a page asked without a session: the sign-in page, which comes back here.
    func signInFirst(_ request: Request) -> Response {
        ConsolePages.redirect("/sign-in?next=\(ConsoleView.queryEscaped(request.uri.description))")
    }

    /// The page a person may not see, or that does not exist: the same 404.
    func notFound(_ view: ConsoleView) -> Response {
        pages.render("not-found", [:], view: view, status: .notFound)
    }

    /// A form whose token is not the session's: refused before anything is done.
    func expired(_ view: ConsoleView) -> Response {
        pages.render("message", ["message": pages.strings.word("form_expired", view.language)], view: view, status: .forbidden)
    }

    @Sendable func home(_ request: Request, context: HubRequestContext) async throws -> Response {
        ConsolePages.redirect(context.signedIn == nil ? "/sign-in" : "/invoices")
    }

    @Sendable func asset(_ request: Request, context: HubRequestContext) async throws -> Response {
        guard let name = context.parameters.get("name"), let response = pages.asset(name) else {
            return notFound(view(request, context))
        }
        return response
    }

    @Sendable func language(_ request: Request, context: HubRequestContext) async throws -> Response {
        let language = request.uri.queryParameters.get("to").flatMap(ConsoleLanguage.init(rawValue:)) ?? .fr
        return ConsolePages.redirect(
            Self.localPath(request.uri.queryParameters.get("back")) ?? "/",
            cookies: [ConsoleCookies.language(language, secure: console.secureCookies)])
    }

    /// `path` when it is a path of this site (`/…`, not `//host…`), for redirects after a form.
    static func localPath(_ path: String?) -> String? {
        guard let path, path.hasPrefix("/"), !path.hasPrefix("//"), !path.contains("\\"),
            path.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else { return nil }
        return path
    }

    // MARK: Signing in and out

    @Sendable func signInPage(_ request: Request, context: HubRequestContext) async throws -> Response {
        if context.signedIn != nil { return ConsolePages.redirect("/invoices") }
        return signInForm(view(request, context), next: request.uri.queryParameters.get("next"), error: nil, status: .ok)
    }

    private func signInForm(_ view: ConsoleView, next: String?, error: String?, status: HTTPResponse.Status, email: String? = nil) -> Response {
        var view = view
        let token = SessionToken.generate()
        view.formToken = token
        view.cookies.append(ConsoleCookies.signInToken(token, secure: console.secureCookies))
        var values: [String: Any] = ["next": Self.localPath(next) ?? "", "title": pages.strings.word("sign_in_title", view.language)]
        if let error { values["error"] = error }
        if let email { values["email"] = email }
        return pages.render("sign-in", values, view: view, status: status)
    }

    @Sendable func signIn(_ request: Request, context: HubRequestContext) async throws -> Response {
        let view = view(request, context)
        let form = try await ConsoleForm.read(request)
        let words = pages.strings
        guard let cookie = request.cookies[ConsoleCookies.signInToken]?.value, form.carries(token: cookie) else {
            return signInForm(view, next: form["next"], error: words.word("form_expired", view.language), status: .forbidden)
        }
        let email = form["email"] ?? ""
        switch try await console.accounts.signIn(email: email, password: form.fields["password"]?.first ?? "") {
        case .refused:
            return signInForm(view, next: form["next"], error: words.word("sign_in_refused", view.language), status: .unauthorized, email: email)
        case .locked(let until):
            let minutes = max(1, Int((until.timeIntervalSinceNow / 60).rounded(.up)))
            let message = words.word("sign_in_locked", view.language).replacingOccurrences(of: "{minutes}", with: String(minutes))
            return signInForm(view, next: form["next"], error: message, status: .tooManyRequests, email: email)
        case .signedIn(let token, let signedIn):
            let maxAge = max(1, Int(signedIn.expiresAt.timeIntervalSinceNow))
            return ConsolePages.redirect(
                Self.localPath(form["next"]) ?? "/invoices",
                cookies: [
                    ConsoleCookies.session(token, maxAge: maxAge, secure: console.secureCookies),
                    Cookie(name: ConsoleCookies.signInToken, value: "", maxAge: 0, path: "/sign-in", secure: console.secureCookies),
                ])
        }
    }

    @Sendable func signOut(_ request: Request, context: HubRequestContext) async throws -> Response {
        let view = view(request, context)
        guard let signedIn = context.signedIn else { return ConsolePages.redirect("/sign-in") }
        let form = try await ConsoleForm.read(request)
        guard form.carries(token: signedIn.csrfToken) else { return expired(view) }
        if let token = request.cookies[ConsoleCookies.session]?.value { try await console.accounts.signOut(token: token) }
        return ConsolePages.redirect("/sign-in", cookies: [ConsoleCookies.endedSession(secure: console.secureCookies)])
    }
}

extension HubRequestContext {
    /// The `{id}` of an invoice page, when it is an invoice id at all.
    func consoleInvoiceID() -> InvoiceID? {
        guard let id = parameters.get("id"), !id.isEmpty, id.utf8.count <= 64 else { return nil }
        return InvoiceID(rawValue: id)
    }
}
