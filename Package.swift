// swift-tools-version:6.0
import PackageDescription

/// Kindred: a donor and client experience platform for nonprofits.
let package = Package(
    name: "Kindred",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kindred", targets: ["kindred"]),
        .library(name: "KindredCore", targets: ["KindredCore"]),
        .library(name: "KindredStore", targets: ["KindredStore"]),
        .library(name: "KindredServer", targets: ["KindredServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        .target(name: "KindredCore"),
        .target(name: "CAllocator"),
        .target(
            name: "KindredStore",
            dependencies: [
                "KindredCore",
                "CAllocator",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .target(
            name: "KindredServer",
            dependencies: [
                "KindredCore",
                "KindredStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(
            name: "kindred",
            dependencies: [
                "KindredCore",
                "KindredStore",
                "KindredServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "KindredTestSupport",
            dependencies: ["KindredCore", "KindredStore", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(name: "KindredCoreTests", dependencies: ["KindredCore"]),
        .testTarget(name: "KindredStoreTests", dependencies: ["KindredStore", "KindredCore", "KindredTestSupport"]),
        .testTarget(
            name: "KindredServerTests",
            dependencies: [
                "KindredServer", "KindredStore", "KindredCore", "KindredTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(name: "kindredTests", dependencies: ["kindred", "KindredTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
