import CCurl
public import Foundation
public import Hub
import InvoiceModel
import Mustache

/// Where alert mails go out: an SMTP server, with STARTTLS and authentication.
public struct SMTPSettings: Sendable, Equatable, CustomStringConvertible {
    /// `smtp://host:587` (STARTTLS when `requireTLS`), or `smtps://host:465` (TLS from the first byte).
    public var url: URL
    /// The sender address (`alertes@plateforme.example`).
    public var from: String
    /// The login, when the server asks for one.
    public var username: String?
    /// Its password (never shown, never logged).
    public var password: String?
    /// Whether the session must be encrypted (STARTTLS on `smtp://`): the send fails rather than go in clear.
    public var requireTLS: Bool
    /// A file of certificate authorities to trust instead of the system's (a private mail relay).
    public var caFile: String?
    /// How long one send may take.
    public var timeout: Duration

    /// Creates settings.
    public init(
        url: URL, from: String, username: String? = nil, password: String? = nil, requireTLS: Bool = true, caFile: String? = nil,
        timeout: Duration = .seconds(30)
    ) {
        self.url = url
        self.from = from
        self.username = username
        self.password = password
        self.requireTLS = requireTLS
        self.caFile = caFile
        self.timeout = timeout
    }

    /// The server and sender; the password hidden.
    public var description: String {
        "\(url.absoluteString) as \(from)\(username.map { " (login \($0), password hidden)" } ?? "")\(requireTLS ? ", TLS required" : "")"
    }
}

/// Sends alert mails (`AlertMailer`): the subject and body from `templates/mail/alert.<language>.mustache` (a first
/// line `Subject: …`, a blank line, then the body), as a UTF-8 plain-text message, over SMTP through libcurl.
public final class SMTPMailer: AlertMailer {
    private let settings: SMTPSettings
    private let templates: [AlertSettings.Language: MustacheTemplate]

    /// Loads the templates from `folder` (`templates/mail` of the project by default).
    /// - Throws: `MailError` naming a template that is missing or does not parse.
    public init(settings: SMTPSettings, templates folder: URL? = nil) throws(MailError) {
        self.settings = settings
        let directory: URL
        if let folder {
            directory = folder
        } else {
            do { directory = try Resources.root().appendingPathComponent("templates/mail") } catch { throw .template("templates/mail", "\(error)") }
        }
        var loaded: [AlertSettings.Language: MustacheTemplate] = [:]
        for language in AlertSettings.Language.allCases {
            let file = directory.appendingPathComponent("alert.\(language.rawValue).mustache")
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { throw .template(file.path, "cannot be read") }
            do { loaded[language] = try MustacheTemplate(string: text) } catch { throw .template(file.path, "\(error)") }
        }
        templates = loaded
        hermine_curl_global_init()
    }

    /// The subject and body of `mail`.
    public func compose(_ mail: AlertMail) -> (subject: String, body: String) {
        let french = mail.language == .fr
        func date(_ at: Date) -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: french ? "fr_FR" : "en_GB")
            formatter.timeZone = TimeZone(identifier: "Europe/Paris")
            formatter.dateFormat = french ? "dd/MM/yyyy 'à' HH:mm" : "dd/MM/yyyy 'at' HH:mm"
            return formatter.string(from: at)
        }
        func item(_ item: AlertItem) -> [String: Any] {
            var values: [String: Any] = [
                "number": Self.oneLine(item.number ?? item.invoiceID.rawValue), "status": french ? item.status.frenchName : item.status.englishName,
                "code": item.status.rawValue, "date": date(item.at),
            ]
            if let supplier = item.supplier { values["supplier"] = Self.oneLine(supplier) }
            if let buyer = item.buyer { values["buyer"] = Self.oneLine(buyer) }
            if let amount = item.amount { values["amount"] = Self.oneLine(amount) }
            if !item.reason.isEmpty { values["reason"] = Self.oneLine(String(item.reason.prefix(500))) }
            return values
        }
        var context: [String: Any] = ["organisation": Self.oneLine(mail.organisation), "count": mail.items.count]
        if mail.isDigest {
            context["digest"] = true
            context["items"] = mail.items.map(item)
        } else if let first = mail.items.first {
            context["single"] = item(first)
        }
        let text = templates[mail.language]?.render(context) ?? ""
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        while let first = lines.first, first.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeFirst() }
        var subject = ""
        if let first = lines.first, first.hasPrefix("Subject: ") {
            subject = String(first.dropFirst("Subject: ".count))
            lines.removeFirst()
            while let next = lines.first, next.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeFirst() }
        }
        return (subject, lines.joined(separator: "\n"))
    }

    /// The message as sent: RFC 5322 headers (the subject encoded per RFC 2047), a UTF-8 plain-text body, CRLF line
    /// ends.
    public func message(_ mail: AlertMail, at date: Date = Date()) -> Data {
        let (subject, body) = compose(mail)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let domain = settings.from.split(separator: "@").last.map(String.init) ?? "hermine"
        let headers = [
            "From: \(settings.from)",
            "To: \(mail.to.joined(separator: ", "))",
            "Subject: \(Self.encodedWord(subject))",
            "Date: \(formatter.string(from: date))",
            "Message-ID: <\(UUID().uuidString.lowercased())@\(domain)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "Content-Language: \(mail.language.rawValue)",
            "Auto-Submitted: auto-generated",
        ]
        let text = (headers + [""] + body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)).joined(separator: "\r\n")
        return Data((text.hasSuffix("\r\n") ? text : text + "\r\n").utf8)
    }

    public func send(_ mail: AlertMail) async throws(DeliveryFailure) {
        let message = message(mail)
        let settings = self.settings
        let result: hermine_smtp_result = await withCheckedContinuation { continuation in
            // libcurl blocks: off Swift's cooperative threads.
            Thread.detachNewThread {
                continuation.resume(returning: Self.perform(message, to: mail.to, settings: settings))
            }
        }
        guard result.code != 0 else { return }
        let error = withUnsafeBytes(of: result.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let host = settings.url.host ?? ""
        let reason = "SMTP \(host): \(error)\(result.reply > 0 ? " (reply \(result.reply))" : "")"
        switch (result.code, result.reply) {
        // A refused login or an unavailable STARTTLS is the settings' to mend: tried again until then.
        case (67, _), (64, _): throw .unavailable(reason, retryAfter: nil)
        case (_, 500..<600): throw .refused(reason)
        case (_, 400..<500): throw .unavailable(reason, retryAfter: nil)
        case (6, _), (7, _): throw .notSent(reason)
        default: throw result.sent != 0 ? .outcomeUnknown(reason) : .unavailable(reason, retryAfter: nil)
        }
    }

    private static func perform(_ message: Data, to recipients: [String], settings: SMTPSettings) -> hermine_smtp_result {
        let timeout = Int(settings.timeout.components.seconds) * 1000 + Int(settings.timeout.components.attoseconds / 1_000_000_000_000_000)
        var pointers = recipients.map { strdup("<\($0)>") }
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeMutableBufferPointer { list in
            list.withMemoryRebound(to: UnsafePointer<CChar>?.self) { recipients in
                message.withUnsafeBytes { bytes in
                    hermine_smtp_send(
                        settings.url.absoluteString, settings.username, settings.password, settings.requireTLS ? 1 : 0, settings.caFile,
                        "<\(settings.from)>", recipients.baseAddress, Int32(recipients.count), bytes.baseAddress?.assumingMemoryBound(to: CChar.self),
                        bytes.count, min(10_000, timeout), timeout)
                }
            }
        }
    }

    /// A value on one line: line breaks (which could write headers or fake paragraphs) become spaces.
    static func oneLine(_ text: String) -> String {
        text.map { $0.isNewline ? " " : $0 }.reduce(into: "") { $0.append($1) }
    }

    /// `text` as an RFC 2047 encoded word when it is not plain ASCII.
    static func encodedWord(_ text: String) -> String {
        let line = oneLine(text)
        guard !line.utf8.allSatisfy({ $0 < 0x80 }) else { return line }
        return "=?UTF-8?B?\(Data(line.utf8).base64EncodedString())?="
    }
}

/// Why the mailer cannot work.
public enum MailError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A template is missing or does not parse.
    case template(String, String)

    public var description: String {
        switch self {
        case .template(let file, let reason): "mail template \(file): \(reason)"
        }
    }
}
