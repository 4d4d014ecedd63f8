import HummingbirdBcrypt

/// Password hashing for staff users (bcrypt).
public enum Passwords {
    /// The bcrypt hash of a password.
    public static func hash(_ password: String) -> String {
        Bcrypt.hash(password, cost: 12)
    }

    /// A random one-time password of 20 letters and digits.
    public static func generate() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
