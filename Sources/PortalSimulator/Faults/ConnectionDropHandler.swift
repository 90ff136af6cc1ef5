import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes the connection instead of answering when a route asks for it (`dropHeader` on its response): the
/// client sees its connection end with no answer, after the portal acted on the request. One per connection.
final class ConnectionDropHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The response header by which a route asks for the drop; it never leaves the server.
    static let dropHeader = HTTPField.Name("x-hermine-simulator-drop")!

    private var dropping = false

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .head(let response) = unwrapOutboundIn(data), response.headerFields[Self.dropHeader] != nil {
            dropping = true
            context.close(promise: nil)
        }
        guard !dropping else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        context.write(data, promise: promise)
    }
}
