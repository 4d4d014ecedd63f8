import HummingbirdBcrypt

/// Password hashing for staff users (bcrypt).
public enum Passwords {
    /// The bcrypt hash of a password (cost 12 unless told; tests use a low cost to stay quick).
    public static func hash(_ password: String, cost: UInt8 = 12) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    /// A random one-time password of 20 letters and digits.
    public static func generate() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
