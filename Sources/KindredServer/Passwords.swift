import HummingbirdBcrypt

/// Password hashing for staff users (bcrypt).
public enum Passwords {
    /// The bcrypt hash of a password.
    public static func hash(_ password: String) -> String {
        Bcrypt.hash(password, cost: 12)
    }

    /// Whether a password matches a bcrypt hash.
    public static func verify(_ password: String, hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }

    /// A random one-time password of 20 letters and digits.
    public static func generate() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
