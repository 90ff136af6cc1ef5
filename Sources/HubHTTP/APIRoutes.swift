public import HTTPTypes

/// The API's paths and the methods each answers: the one list the router's registrations, the
/// "method not allowed" answers and the OpenAPI document are checked against.
public enum APIRoutes {
    /// A path pattern (`*` is one segment: an id; `{name}` one segment named so) and the methods it takes.
    public struct Route: Sendable, Hashable {
        /// Segments, `*` or `{name}` for a parameter.
        public let segments: [String]
        /// Methods, HEAD implied by GET.
        public let methods: [HTTPRequest.Method]

        /// The pattern as OpenAPI writes it (`/v1/invoices/{id}`).
        public var openAPIPath: String { "/" + segments.map { $0 == "*" ? "{id}" : $0 }.joined(separator: "/") }

        /// Whether the segment is a parameter.
        static func isParameter(_ segment: String) -> Bool { segment == "*" || segment.hasPrefix("{") }
    }

    /// Every route of the API.
    public static let all: [Route] = [
        Route(segments: ["health"], methods: [.get]),
        Route(segments: ["openapi.json"], methods: [.get]),
        Route(segments: ["metrics"], methods: [.get]),
        Route(segments: ["v1", "invoices"], methods: [.get, .post]),
        Route(segments: ["v1", "invoices", "*"], methods: [.get]),
        Route(segments: ["v1", "invoices", "*", "events"], methods: [.get]),
        Route(segments: ["v1", "invoices", "*", "document"], methods: [.get]),
        Route(segments: ["v1", "invoices", "*", "normalised"], methods: [.get]),
        Route(segments: ["v1", "invoices", "*", "status"], methods: [.post]),
        Route(segments: ["v1", "validate"], methods: [.post]),
        Route(segments: ["v1", "deliveries"], methods: [.get]),
        Route(segments: ["v1", "deliveries", "*", "retry"], methods: [.post]),
        Route(segments: ["v1", "buyers", "{siret}", "channels"], methods: [.get, .post]),
        Route(segments: ["v1", "buyers", "{siret}", "channels", "{channel}"], methods: [.delete]),
        Route(segments: ["v1", "buyers", "{siret}", "channels", "{channel}", "secret"], methods: [.post]),
        Route(segments: ["v1", "inbox"], methods: [.get]),
        Route(segments: ["v1", "inbox", "ack"], methods: [.post]),
        Route(segments: ["v1", "subscriptions"], methods: [.get, .post]),
        Route(segments: ["v1", "subscriptions", "{subscription}"], methods: [.delete]),
        Route(segments: ["v1", "subscriptions", "{subscription}", "secret"], methods: [.post]),
        Route(segments: ["v1", "alerts"], methods: [.get, .put]),
    ]

    /// The methods a path takes (with HEAD where GET is), or nil when no route has this path.
    static func methods(for path: String) -> [HTTPRequest.Method]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        guard
            let route = all.first(where: { route in
                route.segments.count == segments.count
                    && zip(route.segments, segments).allSatisfy { Route.isParameter($0) || $0 == $1 }
            })
        else { return nil }
        return route.methods.contains(.get) ? route.methods + [.head] : route.methods
    }
}
