/// How sign-in is guarded: the password hash's cost, the lock after wrong passwords, the session's lifetime.
public struct SignInPolicy: Sendable, Hashable {
    /// bcrypt's cost (2^cost rounds): 12 takes about a quarter of a second here; tests use 4.
    public var bcryptCost: UInt8
    /// Wrong passwords in a row that lock the account.
    public var maximumFailures: Int
    /// How long a locked account stays locked.
    public var lockDuration: Duration
    /// How long a session lasts.
    public var sessionLifetime: Duration
    /// The shortest password `hermine user add` accepts.
    public var minimumPasswordLength: Int

    /// Creates a policy; the defaults are the hub's.
    public init(
        bcryptCost: UInt8 = 12, maximumFailures: Int = 5, lockDuration: Duration = .seconds(15 * 60),
        sessionLifetime: Duration = .seconds(12 * 3600), minimumPasswordLength: Int = 12
    ) {
        self.bcryptCost = bcryptCost
        self.maximumFailures = maximumFailures
        self.lockDuration = lockDuration
        self.sessionLifetime = sessionLifetime
        self.minimumPasswordLength = minimumPasswordLength
    }
}
